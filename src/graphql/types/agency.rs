use async_graphql::Result;

use crate::graphql::types::{AgencyKind, Branch, Event, Statistic, record_object};

record_object! {
    /// A state security body, e.g. the General Intelligence Directorate.
    named Agency(agency) {
        /// Stable human-readable key, e.g. `general-intelligence-directorate`.
        async fn slug(&self) -> &str {
            &self.0.slug
        }

        /// The agency's usual name in English.
        async fn name(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::graphql::types::text_in::<entity::agency::Entity>(ctx, &self.0, "name", Some(self.0.name.as_str()), lang)
                .unwrap_or_default()
        }

        /// A short form, where one is in use.
        async fn abbreviation(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::agency::Entity>(ctx, &self.0, "abbreviation", self.0.abbreviation.as_deref(), lang)
        }

        /// What kind of body it is.
        async fn kind(&self) -> Result<Option<AgencyKind>> {
            self.0.kind.as_deref().map(AgencyKind::from_db).transpose()
        }

        /// The state it belongs to, ISO 3166-1 alpha-2.
        async fn country(&self) -> Option<&str> {
            self.0.country.as_deref()
        }

        /// What the sources say about it, in brief.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::agency::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }
    }
    connections {
        /// The agency's branches (all levels).
        branches: Branch = AgencyBranches,
        /// Figures sources claim about this agency.
        statistics: Statistic = SubjectStatistics,
        /// Events that concern this agency.
        events: Event = SubjectEvents,
    }
}
