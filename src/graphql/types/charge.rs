use async_graphql::{Context, Result};
use entity::verdict;

use crate::graphql::connection::one;
use crate::graphql::types::{ChargeDisposition, Verdict, record_object};

record_object! {
    /// A crime a defendant was charged with or convicted of, e.g. murder, 27 counts.
    Charge(charge) {
        /// The verdict this charge belongs to.
        async fn verdict(&self, ctx: &Context<'_>) -> Result<Option<Verdict>> {
            one::<verdict::Entity, Verdict>(ctx, self.1, self.0.verdict_id).await
        }

        /// The crime, e.g. `crimes against humanity (torture)`.
        async fn crime(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::graphql::types::text_in::<entity::charge::Entity>(ctx, &self.0, "crime", Some(self.0.crime.as_str()), lang)
                .unwrap_or_default()
        }

        /// The legal provision, where the sources name it.
        async fn legal_provision(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::charge::Entity>(ctx, &self.0, "legal_provision", self.0.legal_provision.as_deref(), lang)
        }

        /// Number of counts, where the sources give one (e.g. 27 murders).
        async fn count(&self) -> Option<i32> {
            self.0.count
        }

        /// Charged, convicted, acquitted or dropped.
        async fn disposition(&self) -> Result<ChargeDisposition> {
            ChargeDisposition::from_db(&self.0.disposition)
        }
    }
}
