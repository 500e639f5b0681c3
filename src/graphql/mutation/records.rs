//! Archive and restore, for any kind of record.

use async_graphql::{Context, ID, Object, Result};
use entity::*;

use crate::graphql::context::RequestState;
use crate::graphql::node::{Node, load_node};
use crate::ids::{NodeType, decode_id};
use crate::service::write::set_archived;

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
    let (node, uuid) = decode_id(id)?;
    let (db, viewer) = (&state.db, state.viewer);
    macro_rules! go {
        ($($variant:ident => $module:ident),*) => {
            match node {
                $(NodeType::$variant => { set_archived::<$module::Entity>(db, viewer, uuid, expected_version, archived).await?; })*
                NodeType::EventLink | NodeType::NameKey | NodeType::AuditLog => {
                    return Err(crate::error::AppError::bad_input("`id`: this kind of record cannot be archived").into());
                }
            }
        };
    }
    go!(Agency => agency, Branch => branch, Facility => facility, FacilityOperation => facility_operation,
        Person => person, Alias => alias, Posting => posting, Organization => organization, Trial => trial,
        Verdict => verdict, Charge => charge, Source => source, Citation => citation, Statistic => statistic,
        Event => event, Sanction => sanction, Testimony => testimony);
    // An archived record is hidden from every read, so the answer is null; a restored one is back.
    load_node(ctx, node, uuid).await
}

#[Object]
impl RecordMutation {
    /// Archives a record (soft delete): it disappears from every list, count, relation and
    /// search; nothing is deleted, and `restoreRecord` brings it back. Editors and admins.
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

    /// Restores an archived record. Editors and admins.
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
