use async_graphql::{Context, Result};
use entity::{facility, person, trial};

use crate::graphql::connection::{one, one_opt};
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{Facility, Person, Trial, record_object};

record_object! {
    /// A witness's account, given in a trial and/or about a facility. Testimonies are
    /// restricted unless the witness has chosen to be public.
    Testimony(testimony) {
        /// Who testified.
        async fn witness(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
            one::<person::Entity, Person>(ctx, self.1, self.0.witness_id).await
        }

        /// The trial it was given in.
        async fn trial(&self, ctx: &Context<'_>) -> Result<Option<Trial>> {
            one_opt::<trial::Entity, Trial>(ctx, self.1, self.0.trial_id).await
        }

        /// The facility it is about.
        async fn facility(&self, ctx: &Context<'_>) -> Result<Option<Facility>> {
            one_opt::<facility::Entity, Facility>(ctx, self.1, self.0.facility_id).await
        }

        /// What the testimony says, in brief.
        async fn summary(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::graphql::types::text_in::<entity::testimony::Entity>(ctx, &self.0, "summary", Some(self.0.summary.as_str()), lang)
                .unwrap_or_default()
        }

        /// When it was given.
        async fn given(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.given, self.0.given_earliest, self.0.given_latest)
        }
    }
}
