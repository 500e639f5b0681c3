use async_graphql::{Context, Result};
use futures_util::future::try_join_all;

use crate::graphql::connection::all_children;
use crate::graphql::node::load_node;
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{EventKind, MAX_LIST_ITEMS, SourcedRecord, record_object};
use crate::ids::NodeType;
use crate::service::relations::EventLinks;

record_object! {
    /// Something that happened on a (fuzzy) date: an arrest, a verdict, a release, a report.
    /// The timeline is built from events.
    Event(event) {
        /// What kind of thing happened.
        async fn kind(&self) -> Result<EventKind> {
            EventKind::from_db(&self.0.kind)
        }

        /// A one-line title.
        async fn title(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::graphql::types::text_in::<entity::event::Entity>(ctx, &self.0, "title", Some(self.0.title.as_str()), lang)
                .unwrap_or_default()
        }

        /// When, as precisely as the sources say.
        async fn date(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.date, self.0.date_earliest, self.0.date_latest)
        }

        /// What happened, in brief.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::event::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }

        /// The records this event concerns (those you may see).
        async fn records(&self, ctx: &Context<'_>) -> Result<Vec<SourcedRecord>> {
            let links: Vec<entity::event_link::Model> =
                all_children(ctx, self.1, EventLinks, self.0.id, MAX_LIST_ITEMS).await?;
            let loads = links.iter().filter_map(|link| {
                let node_type = NodeType::from_table(&link.subject_type)?;
                Some(load_node(ctx, self.1, node_type, link.subject_id))
            });
            Ok(try_join_all(loads).await?.into_iter().flatten().filter_map(SourcedRecord::from_node).collect())
        }
    }
}
