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
        async fn name(&self) -> &str {
            &self.0.name
        }

        /// A short form, where one is in use.
        async fn abbreviation(&self) -> Option<&str> {
            self.0.abbreviation.as_deref()
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
        async fn description(&self) -> Option<&str> {
            self.0.description.as_deref()
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
