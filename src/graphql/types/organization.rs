use async_graphql::{Context, Result};

use crate::graphql::connection::{Connection, Paging, children};
use crate::graphql::types::{OrderBy, OrganizationKind, Source, Trial, record_object};
use crate::service::relations::{CourtTrials, PublisherSources};

record_object! {
    /// A court, prosecutor, NGO, UN body, news organization, government or association.
    named Organization(organization) {
        /// Stable human-readable key, e.g. `snhr`.
        async fn slug(&self) -> &str {
            &self.0.slug
        }

        /// The organization's name in English.
        async fn name(&self) -> &str {
            &self.0.name
        }

        /// A short form, e.g. `SNHR`.
        async fn abbreviation(&self) -> Option<&str> {
            self.0.abbreviation.as_deref()
        }

        /// What kind of body it is.
        async fn kind(&self) -> Result<OrganizationKind> {
            OrganizationKind::from_db(&self.0.kind)
        }

        /// Where it is based, ISO 3166-1 alpha-2.
        async fn country(&self) -> Option<&str> {
            self.0.country.as_deref()
        }

        /// Its website.
        async fn url(&self) -> Option<&str> {
            self.0.url.as_deref()
        }

        /// What the sources say about it, in brief.
        async fn description(&self) -> Option<&str> {
            self.0.description.as_deref()
        }

        /// Trials held before this organization, when it is a court.
        async fn trials(
            &self,
            ctx: &Context<'_>,
            first: Option<i32>,
            after: Option<String>,
            last: Option<i32>,
            before: Option<String>,
            order_by: Option<OrderBy>,
        ) -> Result<Connection<Trial>> {
            let paging = Paging::new(first, after, last, before);
            children::<_, Trial>(ctx, CourtTrials, self.0.id, order_by.into(), paging).await
        }

        /// Sources this organization published.
        async fn sources(
            &self,
            ctx: &Context<'_>,
            first: Option<i32>,
            after: Option<String>,
            last: Option<i32>,
            before: Option<String>,
            order_by: Option<OrderBy>,
        ) -> Result<Connection<Source>> {
            let paging = Paging::new(first, after, last, before);
            children::<_, Source>(ctx, PublisherSources, self.0.id, order_by.into(), paging).await
        }
    }
}
