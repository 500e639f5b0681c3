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
        async fn title(&self) -> &str {
            &self.0.title
        }

        /// When, as precisely as the sources say.
        async fn date(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.date, self.0.date_earliest, self.0.date_latest)
        }

        /// What happened, in brief.
        async fn description(&self) -> Option<&str> {
            self.0.description.as_deref()
        }

        /// The records this event concerns (those you may see).
        async fn records(&self, ctx: &Context<'_>) -> Result<Vec<SourcedRecord>> {
            let links: Vec<entity::event_link::Model> =
                all_children(ctx, EventLinks, self.0.id, MAX_LIST_ITEMS).await?;
            let loads = links.iter().filter_map(|link| {
                let node_type = NodeType::from_table(&link.subject_type)?;
                Some(load_node(ctx, node_type, link.subject_id))
            });
            Ok(try_join_all(loads).await?.into_iter().flatten().filter_map(SourcedRecord::from_node).collect())
        }
    }
}
