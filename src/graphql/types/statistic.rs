use async_graphql::{Context, Result};
use entity::organization;

use crate::graphql::connection::one_opt;
use crate::graphql::node::load_node;
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{
    Approximation, Organization, SourcedRecord, StatisticSubjectKind, record_object,
};
use crate::ids::NodeType;

record_object! {
    /// A figure a source claims, e.g. "30,000 died in Sednaya 2011–2018". Conflicting
    /// figures are all kept, each with its claimant and citations; none is preferred.
    Statistic(statistic) {
        /// What is counted, e.g. `executions_or_deaths`, `forcibly_disappeared`, `murders`.
        async fn metric(&self) -> &str {
            &self.0.metric
        }

        /// The metric in words, in `lang` (the same words as `labels` and the counts give).
        async fn metric_label(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`).")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::i18n::labels::metric(&self.0.metric, crate::graphql::types::language_of(ctx, lang)).into_owned()
        }

        /// The lower end of the figure (equal to `valueMax` for a single figure); null when
        /// the source gives only a ceiling.
        async fn value_min(&self) -> Option<i64> {
            self.0.value_min
        }

        /// The upper end of the figure; null when the source gives only a floor ("at least").
        async fn value_max(&self) -> Option<i64> {
            self.0.value_max
        }

        /// How exact the source says the figure is.
        async fn approximation(&self) -> Result<Approximation> {
            Approximation::from_db(&self.0.approximation)
        }

        /// The unit, e.g. `persons`.
        async fn unit(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::graphql::types::text_in::<entity::statistic::Entity>(ctx, &self.0, "unit", Some(self.0.unit.as_str()), lang)
                .unwrap_or_default()
        }

        /// The period the figure covers.
        async fn period(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.period, self.0.period_earliest, self.0.period_latest)
        }

        /// What the figure is about: a facility, a branch, an agency, or a country.
        async fn subject_kind(&self) -> Result<StatisticSubjectKind> {
            StatisticSubjectKind::from_db(&self.0.subject_type)
        }

        /// The facility, branch or agency the figure is about; null for a country.
        async fn subject(&self, ctx: &Context<'_>) -> Result<Option<SourcedRecord>> {
            let node_type = match self.0.subject_type.as_str() {
                "facility" => NodeType::Facility,
                "branch" => NodeType::Branch,
                "agency" => NodeType::Agency,
                _ => return Ok(None),
            };
            match self.0.subject_id {
                Some(id) => Ok(load_node(ctx, self.1, node_type, id).await?.and_then(SourcedRecord::from_node)),
                None => Ok(None),
            }
        }

        /// The country, ISO 3166-1 alpha-2.
        async fn country(&self) -> Option<&str> {
            self.0.country.as_deref()
        }

        /// Who makes the claim.
        async fn claimant(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            one_opt::<organization::Entity, Organization>(ctx, self.1, self.0.claimant_id).await
        }

        /// How the figure was arrived at and what the source says, in brief.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::statistic::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }
    }
}
