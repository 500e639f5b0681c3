use async_graphql::{Context, Result};
use entity::organization;

use futures_util::future::try_join_all;

use crate::graphql::connection::{Connection, Paging, from_page, one_opt};
use crate::graphql::context::RequestState;
use crate::graphql::load_error;
use crate::graphql::loaders::{CitedByPage, RequestLoader};
use crate::graphql::node::load_node;
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{
    Capture, Citation, Organization, SourceKind, SourcedRecord, record_object,
};
use crate::service::page::Page;

record_object! {
    /// A document that facts are taken from: an article, statement, report or judgment.
    Source(source) {
        /// Stable human-readable key.
        async fn slug(&self) -> &str {
            &self.0.slug
        }

        /// The document's title.
        async fn title(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::graphql::types::text_in::<entity::source::Entity>(ctx, &self.0, "title", Some(self.0.title.as_str()), lang)
                .unwrap_or_default()
        }

        /// The organization that published it, when it is in the record.
        async fn publisher(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            one_opt::<organization::Entity, Organization>(ctx, self.1, self.0.publisher_id).await
        }

        /// The publisher's name as given, when it is not an organization in the record.
        async fn publisher_name(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::source::Entity>(ctx, &self.0, "publisher_name", self.0.publisher_name.as_deref(), lang)
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
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::source::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }

        /// The records this source supports through their citations (each once; only
        /// those you may see).
        // Weighted by page size at a fixed weight per record: an expression here cannot
        // see `child_complexity` (macro hygiene inside `record_object!`).
        #[graphql(complexity = "crate::graphql::limits::page_weight(first, last, crate::graphql::limits::CITED_RECORD_WEIGHT)")]
        async fn cited_by(
            &self,
            ctx: &Context<'_>,
            #[graphql(desc = "The first this many records (after `after`); at most the page-size cap.")]
            first: Option<i32>,
            #[graphql(desc = "Start after the record with this cursor.")]
            after: Option<String>,
            #[graphql(desc = "The last this many records (before `before`); at most the page-size cap.")]
            last: Option<i32>,
            #[graphql(desc = "End before the record with this cursor.")]
            before: Option<String>,
        ) -> Result<Connection<SourcedRecord>> {
            const KIND: &str = "CitedBy";
            let state = RequestState::of(ctx)?;
            let window = Paging::new(first, after, last, before).window(KIND, state.max_page_size)?;
            let loader = ctx.data::<RequestLoader>()?;
            let key = CitedByPage { source: self.0.id, window, at: self.1 };
            let page = loader.load_one(key).await.map_err(load_error)?.map_or_else(|| Page::from_items(Vec::new(), 0), std::sync::Arc::unwrap_or_clone);
            let records = try_join_all(page.items.iter().map(|(_, (t, id))| load_node(ctx, self.1, *t, *id))).await?;
            let mut records = records.into_iter();
            // A record hidden since the page was read drops out; its neighbours keep their cursors.
            let page = page.map(|_| records.next().flatten().and_then(SourcedRecord::from_node));
            Ok(from_page::<SourcedRecord, _>(KIND, page.flatten()))
        }
    }
    connections {
        /// Fixed copies of this source's content (a page's HTML or WARC, a PDF, a video,
        /// a statement's text), each with its SHA-256: what the source said when it was
        /// collected.
        captures: Capture = SourceCaptures,
        /// The citations that rest on this source.
        cited_in: Citation = SourceCitations,
    }
}
