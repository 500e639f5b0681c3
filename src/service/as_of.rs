//! A record as it was at an instant (`node(id:, asOf:)`), from the audit log: the
//! after-image of the last write to it at or before that instant. Every write keeps
//! one, the built-in data's and imports' included. What a reader may see follows the
//! rules of `history.rs`, protectively:
//!
//! - a record created later, or archived at that instant, is absent;
//! - the version must have been visible to the reader then;
//! - and the record must not be hidden from the reader now by its visibility (an
//!   archived record is judged by its own visibility): making a record restricted
//!   today also withdraws its past from those who may no longer read it.

use chrono::{DateTime, Utc};
use entity::audit_log;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::AppResult;
use crate::ids::NodeType;
use crate::records::on_record_type;
use crate::service::access::Viewer;
use crate::service::records::Record;
use crate::service::visibility::Level;

/// The stored image of record `id` of `node` at `at`, if `viewer` may see it.
pub async fn image_at<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    node: NodeType,
    id: Uuid,
    at: DateTime<Utc>,
) -> AppResult<Option<Map<String, Value>>> {
    let entry = audit_log::Entity::find()
        .filter(audit_log::Column::RecordId.eq(id))
        .filter(audit_log::Column::RecordType.eq(node.name()))
        .filter(audit_log::Column::CreatedAt.lte(at))
        .order_by_desc(audit_log::Column::CreatedAt)
        .one(db)
        .await?;
    let Some(Value::Object(image)) = entry
        .and_then(|e| e.after)
        .and_then(|a| serde_json::from_str(&a).ok())
    else {
        return Ok(None);
    };
    let archived_then = image.get("archived_at").is_some_and(|a| !a.is_null());
    let level_then = image
        .get("effective_visibility")
        .or_else(|| image.get("visibility"))
        .and_then(Value::as_str)
        .map_or(Level::Hidden, Level::parse);
    if archived_then || !viewer.may_see(level_then) || !visible_now(db, viewer, node, id).await? {
        return Ok(None);
    }
    Ok(Some(image))
}

/// Whether the record's visibility today lets `viewer` read it (archival aside).
async fn visible_now<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    node: NodeType,
    id: Uuid,
) -> AppResult<bool> {
    let levels = on_record_type!(
        node,
        E => crate::service::write::load::<E, C>(db, id)
            .await?
            .map(|m| (Level::parse(E::effective_of(&m)), Level::parse(E::visibility_of(&m)))),
        otherwise => None,
    );
    Ok(match levels {
        None => false,
        Some((Level::Hidden, own)) => viewer.may_see(own),
        Some((effective, _)) => viewer.may_see(effective),
    })
}
