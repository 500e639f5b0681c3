use async_graphql::{Context, Result};
use entity::organization;

use crate::graphql::connection::one_opt;
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{
    Event, LegalBasis, Organization, Testimony, TrialStatus, Verdict, record_object,
};

record_object! {
    /// A criminal proceeding, e.g. the Koblenz trial of two former Branch 251 officers.
    Trial(trial) {
        /// Stable human-readable key, e.g. `koblenz-trial`.
        async fn slug(&self) -> &str {
            &self.0.slug
        }

        /// The name the proceeding is known by.
        async fn name(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::graphql::types::text_in::<entity::trial::Entity>(ctx, &self.0, "name", Some(self.0.name.as_str()), lang)
                .unwrap_or_default()
        }

        /// The court that heard it.
        async fn court(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            one_opt::<organization::Entity, Organization>(ctx, self.1, self.0.court_id).await
        }

        /// Where it was held, ISO 3166-1 alpha-2.
        async fn country(&self) -> Option<&str> {
            self.0.country.as_deref()
        }

        /// The ground on which the court tried it.
        async fn legal_basis(&self) -> Result<Option<LegalBasis>> {
            self.0.legal_basis.as_deref().map(LegalBasis::from_db).transpose()
        }

        /// The court's case reference.
        async fn case_reference(&self) -> Option<&str> {
            self.0.case_reference.as_deref()
        }

        /// When it ran, as precisely as known.
        async fn period(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.period, self.0.period_earliest, self.0.period_latest)
        }

        /// Where it stands.
        async fn status(&self) -> Result<TrialStatus> {
            TrialStatus::from_db(&self.0.status)
        }

        /// What the sources say about it, in brief.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::trial::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }
    }
    connections {
        /// The judgments, one per defendant.
        verdicts: Verdict = TrialVerdicts,
        /// Events of this trial.
        events: Event = SubjectEvents,
        /// Testimonies given in this trial.
        testimonies: Testimony = TrialTestimonies,
    }
}
