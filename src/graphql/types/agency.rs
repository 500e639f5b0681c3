use async_graphql::{Context, Result};

use crate::graphql::connection::{Connection, Paging, children};
use crate::graphql::types::{AgencyKind, Branch, OrderBy, record_object};
use crate::service::relations::AgencyBranches;

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

        /// The agency's branches (all levels).
        async fn branches(
            &self,
            ctx: &Context<'_>,
            first: Option<i32>,
            after: Option<String>,
            last: Option<i32>,
            before: Option<String>,
            order_by: Option<OrderBy>,
        ) -> Result<Connection<Branch>> {
            let paging = Paging::new(first, after, last, before);
            children::<_, Branch>(ctx, AgencyBranches, self.0.id, order_by.into(), paging).await
        }
    }
}
