use async_graphql::{Context, Result};
use entity::{branch, person};

use crate::graphql::connection::one;
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{Branch, Person, record_object};

record_object! {
    /// A person's position in a branch over a period. Start and end are as the sources
    /// give them, which may not be the real start and end.
    Posting(posting) {
        /// The person posted.
        async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
            one::<person::Entity, Person>(ctx, self.0.person_id).await
        }

        /// The branch.
        async fn branch(&self, ctx: &Context<'_>) -> Result<Option<Branch>> {
            one::<branch::Entity, Branch>(ctx, self.0.branch_id).await
        }

        /// The role, normalised for comparison, e.g. `head_of_department`.
        async fn role(&self) -> &str {
            &self.0.role
        }

        /// The title as the source words it.
        async fn title(&self) -> Option<&str> {
            self.0.title.as_deref()
        }

        /// Military or police rank, e.g. `colonel`.
        async fn rank(&self) -> Option<&str> {
            self.0.rank.as_deref()
        }

        /// When, as precisely as known.
        async fn period(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.period, self.0.period_earliest, self.0.period_latest)
        }

        /// What the sources say about it, in brief.
        async fn description(&self) -> Option<&str> {
            self.0.description.as_deref()
        }
    }
}
