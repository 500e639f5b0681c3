use async_graphql::{Context, Result};
use entity::verdict;

use crate::graphql::connection::one;
use crate::graphql::types::{ChargeDisposition, Verdict, record_object};

record_object! {
    /// A crime a defendant was charged with or convicted of, e.g. murder, 27 counts.
    Charge(charge) {
        /// The verdict this charge belongs to.
        async fn verdict(&self, ctx: &Context<'_>) -> Result<Option<Verdict>> {
            one::<verdict::Entity, Verdict>(ctx, self.0.verdict_id).await
        }

        /// The crime, e.g. `crimes against humanity (torture)`.
        async fn crime(&self) -> &str {
            &self.0.crime
        }

        /// The legal provision, where the sources name it.
        async fn legal_provision(&self) -> Option<&str> {
            self.0.legal_provision.as_deref()
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
