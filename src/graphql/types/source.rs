use async_graphql::{Context, Result};
use entity::organization;

use crate::graphql::connection::one_opt;
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{Citation, Organization, SourceKind, record_object};

record_object! {
    /// A document that facts are taken from: an article, statement, report or judgment.
    Source(source) {
        /// Stable human-readable key.
        async fn slug(&self) -> &str {
            &self.0.slug
        }

        /// The document's title.
        async fn title(&self) -> &str {
            &self.0.title
        }

        /// The organization that published it, when it is in the record.
        async fn publisher(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            one_opt::<organization::Entity, Organization>(ctx, self.0.publisher_id).await
        }

        /// The publisher's name as given, when it is not an organization in the record.
        async fn publisher_name(&self) -> Option<&str> {
            self.0.publisher_name.as_deref()
        }

        /// What kind of document it is.
        async fn kind(&self) -> Result<SourceKind> {
            SourceKind::from_db(&self.0.kind)
        }

        /// Its language, BCP 47 (e.g. `en`, `ar`).
        async fn language(&self) -> Option<&str> {
            self.0.language.as_deref()
        }

        /// When it was published, as precisely as known.
        async fn published(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.published, self.0.published_earliest, self.0.published_latest)
        }

        /// Where it can be read.
        async fn url(&self) -> Option<&str> {
            self.0.url.as_deref()
        }

        /// Where the project keeps its copy.
        async fn archive_ref(&self) -> Option<&str> {
            self.0.archive_ref.as_deref()
        }

        /// What the document is, in brief.
        async fn description(&self) -> Option<&str> {
            self.0.description.as_deref()
        }
    }
    connections {
        /// The citations that rest on this source.
        cited_in: Citation = SourceCitations,
    }
}
