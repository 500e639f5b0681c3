//! `recordChanged`: live updates, one event per committed write, for the records the
//! subscriber may see. Served over WebSocket on `/graphql` (see `http/ws.rs`).

use std::collections::HashSet;
use std::sync::Arc;

use async_graphql::{Context, Enum, ErrorExtensions, ID, Object, Result, Subscription};
use futures_util::Stream;
use futures_util::stream;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use crate::graphql::context::RequestState;
use crate::graphql::node::{Node, load_node};
use crate::http::metrics::Metrics;
use crate::ids::{NodeType, decode_id, encode_id};
use crate::service::access::Viewer;
use crate::service::changes::{self, Change, ChangeAction, ChangeHub};

#[derive(Default)]
pub struct SubscriptionRoot;

/// Live updates, over WebSocket on `/graphql` (graphql-transport-ws, or the legacy
/// graphql-ws); send your key as `{"authorization": "Bearer <key>"}` in the
/// `connection_init` payload.
#[Subscription]
impl SubscriptionRoot {
    /// An event each time a record is created, updated, archived or restored, sent once
    /// the write has committed (a write that fails or is rolled back sends nothing), for
    /// records you may see by your role, exactly as `node(id:)` would show them. Events
    /// about records you may not see are never sent. A subscriber that falls more than
    /// 1024 events behind receives an error saying how many it missed, and the
    /// subscription ends: read again what you show, then subscribe again.
    async fn record_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only changes to records of these types; all types when omitted.")]
        types: Option<Vec<RecordType>>,
        #[graphql(
            desc = "Only changes to the records with these global ids; all records when omitted."
        )]
        ids: Option<Vec<ID>>,
    ) -> Result<impl Stream<Item = Result<RecordChange>> + use<>> {
        let state = RequestState::of(ctx)?;
        let hub = ctx.data::<ChangeHub>()?;
        let ids = ids
            .map(|ids| {
                ids.iter()
                    .map(|id| decode_id(id).map(|(_, uuid)| uuid))
                    .collect::<Result<HashSet<Uuid>, _>>()
            })
            .transpose()?;
        let watch = Watch {
            db: state.db.clone(),
            viewer: state.viewer,
            types: types.map(|t| t.into_iter().map(RecordType::node_type).collect()),
            ids,
            receiver: hub.subscribe().await?,
            _open: ctx.data_opt::<Arc<Metrics>>().cloned().map(Open::new),
        };
        Ok(events(watch))
    }
}

/// The events of one subscription. An error ends it: after a lag or a failed read
/// nothing more is sent, so a client never mistakes a gap for a complete history.
fn events(watch: Watch) -> impl Stream<Item = Result<RecordChange>> {
    stream::unfold(Some(watch), |watch| async move {
        let mut watch = watch?;
        match watch.next().await {
            Some(Ok(change)) => Some((Ok(change), Some(watch))),
            Some(Err(err)) => Some((Err(err), None)),
            None => None,
        }
    })
}

/// One subscription's filter and position in the process's change stream.
struct Watch {
    db: sea_orm::DatabaseConnection,
    viewer: Viewer,
    types: Option<HashSet<NodeType>>,
    ids: Option<HashSet<Uuid>>,
    receiver: tokio::sync::broadcast::Receiver<Change>,
    _open: Option<Open>,
}

impl Watch {
    /// The next change this subscriber asked for and may see; `None` when the process's
    /// change stream has ended.
    async fn next(&mut self) -> Option<Result<RecordChange>> {
        loop {
            let change = match self.receiver.recv().await {
                Ok(change) => change,
                Err(RecvError::Lagged(missed)) => {
                    return Some(Err(async_graphql::Error::new(format!(
                        "this subscription fell behind and missed {missed} changes; read the records you show again, then subscribe again"
                    ))
                    .extend_with(|_, ext| ext.set("code", "SUBSCRIPTION_LAGGED"))));
                }
                Err(RecvError::Closed) => return None,
            };
            let Some(record_type) = RecordType::of(change.node) else {
                continue;
            };
            if self
                .types
                .as_ref()
                .is_some_and(|t| !t.contains(&change.node))
                || self
                    .ids
                    .as_ref()
                    .is_some_and(|ids| !ids.contains(&change.id))
            {
                continue;
            }
            match changes::visible_to(&self.db, self.viewer, &change).await {
                Ok(true) => {
                    return Some(Ok(RecordChange {
                        change,
                        record_type,
                    }));
                }
                Ok(false) => continue,
                Err(err) => return Some(Err(err.into())),
            }
        }
    }
}

/// Counts the subscription as open for `/metrics` until it is dropped (completed,
/// cancelled, or its connection closed).
struct Open(Arc<Metrics>);

impl Open {
    fn new(metrics: Arc<Metrics>) -> Open {
        metrics.subscription_opened();
        Open(metrics)
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.subscription_closed();
    }
}

/// One committed change (see `RecordChange`'s fields).
pub struct RecordChange {
    change: Change,
    record_type: RecordType,
}

/// A committed change to one record: what happened, to which record, and the record
/// as you may see it now.
#[Object]
impl RecordChange {
    /// What the write did.
    async fn action(&self) -> RecordChangeAction {
        match self.change.action {
            ChangeAction::Created => RecordChangeAction::Created,
            ChangeAction::Updated => RecordChangeAction::Updated,
            ChangeAction::Archived => RecordChangeAction::Archived,
            ChangeAction::Restored => RecordChangeAction::Restored,
        }
    }

    /// The global id of the record that changed.
    async fn id(&self) -> ID {
        ID(encode_id(self.change.node, self.change.id))
    }

    /// The type of the record that changed.
    #[graphql(name = "type")]
    async fn record_type(&self) -> RecordType {
        self.record_type
    }

    /// The record's version after this change (compare with `version` on the record).
    async fn version(&self) -> i32 {
        self.change.version
    }

    /// The record as it is now, read with your role when the event is sent (it may be
    /// newer than `version` if it changed again); null once archived or hidden.
    async fn record(&self, ctx: &Context<'_>) -> Result<Option<Node>> {
        load_node(ctx, None, self.change.node, self.change.id).await
    }
}

/// What a write did to a record.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordChangeAction {
    /// The record was created (by a mutation or an import).
    Created,
    /// The record was changed (by a mutation or an import).
    Updated,
    /// The record was archived: it is gone from every read, its history kept.
    Archived,
    /// An archived record was restored.
    Restored,
}

/// Declares `RecordType` from the table of record types (`records.rs`).
macro_rules! record_type {
    ([] $($(#[$doc:meta])* $variant:ident($table:ident) { $($flags:tt)* },)*) => {
        /// The kinds of record that `recordChanged` reports.
        #[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
        pub enum RecordType {
            $($(#[$doc])* $variant,)*
        }

        impl RecordType {
            pub(crate) fn node_type(self) -> NodeType {
                match self {
                    $(RecordType::$variant => NodeType::$variant,)*
                }
            }

            /// The exposed type of `node`; `None` for rows that are parts of a record
            /// (event links) or internal (search keys, audit entries).
            fn of(node: NodeType) -> Option<RecordType> {
                match node {
                    $(NodeType::$variant => Some(RecordType::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

crate::records::records_where!(node, record_type!);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use futures_util::StreamExt;
    use tokio::sync::broadcast;

    use super::*;
    use crate::service::changes::CAPACITY;

    fn change(node: NodeType) -> Change {
        Change {
            action: ChangeAction::Updated,
            node,
            id: Uuid::new_v4(),
            version: 2,
            was: None,
        }
    }

    fn watch(receiver: broadcast::Receiver<Change>, types: Option<&[NodeType]>) -> Watch {
        Watch {
            // Never reached by these tests: they end before a record is read.
            db: sea_orm::DatabaseConnection::default(),
            viewer: Viewer::PUBLIC,
            types: types.map(|t| t.iter().copied().collect()),
            ids: None,
            receiver,
            _open: None,
        }
    }

    #[tokio::test]
    async fn a_slow_subscriber_is_told_what_it_missed_and_the_stream_ends() {
        let (sender, receiver) = broadcast::channel(CAPACITY);
        for _ in 0..CAPACITY + 10 {
            sender.send(change(NodeType::Facility)).unwrap();
        }
        assert_eq!(
            sender.len(),
            CAPACITY,
            "the buffer never grows past its bound"
        );
        let mut events = Box::pin(events(watch(receiver, None)));
        let err = match events.next().await {
            Some(Err(err)) => err,
            _ => panic!("expected a lag error"),
        };
        assert!(err.message.contains("missed 10 changes"), "{}", err.message);
        assert!(events.next().await.is_none(), "nothing follows the error");
    }

    #[tokio::test]
    async fn changes_of_other_types_and_internal_rows_are_skipped() {
        let (sender, receiver) = broadcast::channel(CAPACITY);
        sender.send(change(NodeType::Person)).unwrap();
        sender.send(change(NodeType::NameKey)).unwrap();
        drop(sender);
        let mut events = Box::pin(events(watch(receiver, Some(&[NodeType::Facility]))));
        assert!(events.next().await.is_none());
    }
}
