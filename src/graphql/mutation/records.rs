//! Archive and restore, for any kind of record.

use async_graphql::{Context, ID, Object, Result};

use crate::graphql::context::RequestState;
use crate::graphql::mutation::any_id;
use crate::graphql::node::{Node, load_node};
use crate::service::write::set_archived_any;

#[derive(Default)]
pub struct RecordMutation;

/// Archives or restores the record behind `id` whatever its type.
async fn toggle(
    ctx: &Context<'_>,
    id: &ID,
    expected_version: i32,
    archived: bool,
) -> Result<Option<Node>> {
    let state = RequestState::of(ctx)?;
    let (node, uuid) = any_id("id", id)?;
    set_archived_any(
        &state.db,
        state.viewer,
        node,
        uuid,
        expected_version,
        archived,
    )
    .await?;
    // An archived record is hidden from every read, so the answer is null; a restored one is back.
    load_node(ctx, node, uuid).await
}

#[Object]
impl RecordMutation {
    /// Archives a record (soft delete): it disappears from every list, count, relation and
    /// search, and so does everything about it (its aliases, citations, postings, …);
    /// nothing is deleted, and `restoreRecord` brings it all back. Editors and admins.
    async fn archive_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's id.")] id: ID,
        #[graphql(desc = "The `version` you read; a stale one is a CONFLICT error.")]
        expected_version: i32,
    ) -> Result<bool> {
        toggle(ctx, &id, expected_version, true).await?;
        Ok(true)
    }

    /// Restores an archived record, and what was hidden because it was archived. Editors
    /// and admins.
    async fn restore_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's id.")] id: ID,
        #[graphql(desc = "The `version` you read; a stale one is a CONFLICT error.")]
        expected_version: i32,
    ) -> Result<Option<Node>> {
        toggle(ctx, &id, expected_version, false).await
    }
}
