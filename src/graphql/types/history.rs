//! `history` on every record: its versions from the audit log, each with when, by whom
//! (a role; the key's name for editors and admins), why, and what changed, as the
//! reader may see them (`service::history` holds the rules).

use async_graphql::{Context, Json, Object, Result, SimpleObject};
use uuid::Uuid;

use crate::graphql::connection::{Connection, Paging, from_page};
use crate::graphql::context::RequestState;
use crate::graphql::loaders::{HistoryOf, RequestLoader};
use crate::graphql::scalars::DateTime;
use crate::graphql::types::VersionOperation;
use crate::ids::NodeType;
use crate::service::access::Role;
use crate::service::history::{FieldChange, Version};
use crate::service::page::Page;

/// One version of a record.
#[derive(Clone)]
pub struct RecordVersion {
    version: Version,
    role: Role,
}

/// One version of a record: the write that made it and what it changed.
#[Object]
impl RecordVersion {
    /// When the write was made.
    async fn at(&self) -> DateTime {
        DateTime(self.version.at)
    }

    /// The record's `version` after the write.
    async fn version(&self) -> Option<i64> {
        self.version.version
    }

    /// What the write did.
    async fn operation(&self) -> Result<VersionOperation> {
        VersionOperation::from_db(&self.version.operation)
    }

    /// The role the writer wrote with (`editor`, `admin`).
    async fn role(&self) -> &str {
        &self.version.role
    }

    /// The name of the writer's API key; only editors and admins read it (a key's name
    /// can name a person).
    async fn key_name(&self) -> Option<&str> {
        matches!(self.role, Role::Editor | Role::Admin)
            .then_some(())
            .and(self.version.key_name.as_deref())
    }

    /// Why: the writer's `reason`, or the import's or built-in data's; null for the
    /// public reader (an editor's words can name what the record does not).
    async fn reason(&self) -> Option<&str> {
        (self.role != Role::Public)
            .then_some(())
            .and(self.version.reason.as_deref())
    }

    /// The fields the write changed, as you may read them.
    async fn changes(&self) -> Vec<Change> {
        self.version.changes.iter().map(Change::from).collect()
    }
}

/// One field a version changed.
#[derive(SimpleObject, Clone)]
pub struct Change {
    /// The field, as stored, in the API's spelling (`period`, `name`, `translations`).
    field: String,
    /// The value before; null when it was not set, or not yours to see (`redacted`).
    before: Option<Json<serde_json::Value>>,
    /// The value after; null when cleared, or not yours to see (`redacted`).
    after: Option<Json<serde_json::Value>>,
    /// Whether a value was withheld from you: a past name of a person or an alias, or a
    /// text naming someone hidden from you. A value from a version you may not see is
    /// null without being marked.
    redacted: bool,
}

impl From<&FieldChange> for Change {
    fn from(change: &FieldChange) -> Change {
        Change {
            field: change.field.clone(),
            before: change.before.clone().map(Json),
            after: change.after.clone().map(Json),
            redacted: change.redacted,
        }
    }
}

/// One page of the history of record `id` of `node`, oldest first.
pub async fn history_of(
    ctx: &Context<'_>,
    node: NodeType,
    id: Uuid,
    paging: Paging,
) -> Result<Connection<RecordVersion>> {
    const KIND: &str = "RecordVersion";
    let state = RequestState::of(ctx)?;
    let window = paging.window(KIND, state.max_page_size)?;
    let role = state.viewer.role;
    let loader = ctx.data::<RequestLoader>()?;
    let versions = loader
        .load_one(HistoryOf { node, id })
        .await
        .map_err(crate::graphql::load_error)?
        .unwrap_or_default();
    // Only the page's versions are copied out of the loader's.
    let positions: Vec<usize> = (0..versions.len()).collect();
    let page = Page::of_list(positions, window).map(|i| RecordVersion {
        version: versions[i].clone(),
        role,
    });
    Ok(from_page::<RecordVersion, _>(KIND, page))
}
