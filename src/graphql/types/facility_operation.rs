use async_graphql::{Context, Result};
use entity::{branch, facility};

use crate::graphql::connection::one;
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{Branch, Facility, record_object};

record_object! {
    /// A branch running a facility over a period.
    FacilityOperation(facility_operation, Option<crate::graphql::types::Certainty>) {
        /// The facility.
        async fn facility(&self, ctx: &Context<'_>) -> Result<Option<Facility>> {
            one::<facility::Entity, Facility>(ctx, self.1, self.0.facility_id).await
        }

        /// The branch that ran it.
        async fn branch(&self, ctx: &Context<'_>) -> Result<Option<Branch>> {
            one::<branch::Entity, Branch>(ctx, self.1, self.0.branch_id).await
        }

        /// When, as precisely as known; null when the sources give no period.
        async fn period(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.period, self.0.period_earliest, self.0.period_latest)
        }

        /// Whether the branch ran the facility at `at`, and how certainly (as
        /// `Posting.activeAt`).
        async fn active_at(
            &self,
            #[graphql(desc = "The date asked about, EDTF: `2012`, `2012-03`, `2012-03-15`, `2011-06/2011-08`.")]
            at: String,
        ) -> Result<Option<crate::graphql::types::Certainty>> {
            crate::graphql::scalars::active_at(&*self.0, &at)
        }

        /// How certainly this operation was active at the date its list was asked for
        /// (`at:` on `Branch.operations`, `Facility.operations`); null in any other list.
        async fn certainty(&self) -> Option<crate::graphql::types::Certainty> {
            self.2
        }

        /// What the sources say about it, in brief.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::facility_operation::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }
    }
}

impl crate::graphql::active::ListedActive for FacilityOperation {
    type Table = entity::facility_operation::Entity;
    fn listed(
        model: std::sync::Arc<entity::facility_operation::Model>,
        certainty: Option<crate::graphql::types::Certainty>,
    ) -> Self {
        FacilityOperation(model, None, certainty)
    }
}
