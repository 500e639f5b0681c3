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

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::audit_log;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IdenStatic, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::records::on_record_type;
use crate::service::access::Viewer;
use crate::service::batch::padded;
use crate::service::page::{Page, Window};
use crate::service::records::Record;
use crate::service::records::{Sort, SortKey};
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
    if !shown_then(viewer, &image) || !visible_now(db, viewer, node, id).await? {
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
        E => levels_now::<E, C>(db, &[id]).await?.get(&id).copied(),
        otherwise => None,
    );
    Ok(levels.is_some_and(|levels| readable_now(viewer, levels)))
}

/// Whether a record with (effective, own) visibility today is `viewer`'s to read as it
/// was: an archived one (effective `hidden`) is judged by its own visibility.
fn readable_now(viewer: Viewer, (effective, own): (Level, Level)) -> bool {
    match effective {
        Level::Hidden => viewer.may_see(own),
        effective => viewer.may_see(effective),
    }
}

/// Whether an image shows a record `viewer` could read then: not archived, and visible.
fn shown_then(viewer: Viewer, image: &Map<String, Value>) -> bool {
    let archived_then = image.get("archived_at").is_some_and(|a| !a.is_null());
    let level_then = image
        .get("effective_visibility")
        .or_else(|| image.get("visibility"))
        .and_then(Value::as_str)
        .map_or(Level::Hidden, Level::parse);
    !archived_then && viewer.may_see(level_then)
}

/// The most records of one type a list as of an instant reads (it orders and pages
/// their images in memory); a larger list is refused with what to ask instead.
pub const MAX_LISTED: u64 = 20_000;

/// One page of the records of `E` as they were at `at`, as `viewer` may see them, in
/// `sort` order (ties by id), from the images the audit log keeps.
pub async fn list_at<E, C>(
    db: &C,
    viewer: Viewer,
    at: DateTime<Utc>,
    sort: Sort,
    window: Window,
) -> AppResult<Page<E::Model>>
where
    E: Record,
    E::Model: serde::de::DeserializeOwned,
    C: ConnectionTrait,
{
    let of_type = || {
        audit_log::Entity::find()
            .filter(audit_log::Column::RecordType.eq(E::NODE.name()))
            .filter(audit_log::Column::CreatedAt.lte(at))
    };
    let records = of_type()
        .select_only()
        .column(audit_log::Column::RecordId)
        .distinct()
        .count(db)
        .await?;
    if records > MAX_LISTED {
        return Err(AppError::bad_input(format!(
            "`asOf`: a list as of an instant reads at most {MAX_LISTED} records of a type, and this one has {records}; ask for one record with `node(id:, asOf:)`"
        )));
    }
    // Each record's last image at or before `at`.
    let mut latest: HashMap<Uuid, String> = HashMap::new();
    let entries = of_type()
        .order_by_asc(audit_log::Column::CreatedAt)
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await?;
    for entry in entries {
        match entry.after {
            Some(after) => latest.insert(entry.record_id, after),
            None => latest.remove(&entry.record_id),
        };
    }
    let mut images: Vec<Map<String, Value>> = latest
        .into_values()
        .filter_map(|after| match serde_json::from_str(&after) {
            Ok(Value::Object(image)) => Some(image),
            _ => None,
        })
        .filter(|image| shown_then(viewer, image))
        .collect();
    let ids: Vec<Uuid> = images.iter().filter_map(image_id).collect();
    let now = levels_now::<E, C>(db, &ids).await?;
    images.retain(|image| {
        image_id(image)
            .and_then(|id| now.get(&id))
            .is_some_and(|&levels| readable_now(viewer, levels))
    });
    let key = E::sort_col(sort.key).as_str().to_owned();
    images.sort_by(|a, b| {
        let order = compare(a.get(&key), b.get(&key), sort.key == SortKey::Date);
        let order = if sort.descending {
            order.reverse()
        } else {
            order
        };
        order.then_with(|| image_id(a).cmp(&image_id(b)))
    });
    let page = Page::of_list(images, window);
    page.try_map(|image| {
        serde_json::from_value::<E::Model>(Value::Object(image)).map_err(AppError::internal)
    })
}

fn image_id(image: &Map<String, Value>) -> Option<Uuid> {
    image
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok())
}

/// Two images' values of the sort column: text case-insensitively, numbers by value;
/// a missing value last when ordering by date (as the live lists do), first otherwise.
fn compare(a: Option<&Value>, b: Option<&Value>, nulls_last: bool) -> Ordering {
    fn present(v: Option<&Value>) -> Option<&Value> {
        v.filter(|v| !v.is_null())
    }
    match (present(a), present(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) if nulls_last => Ordering::Greater,
        (Some(_), None) if nulls_last => Ordering::Less,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(x), Some(y)) => {
            let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_lowercase);
            text(x).cmp(&text(y))
        }
    }
}

/// The effective and own visibility of each of `ids` now (archived ones included).
async fn levels_now<E: Record, C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, (Level, Level)>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(1_000) {
        let models = E::find()
            .filter(E::id_col().is_in(padded(chunk)))
            .all(db)
            .await?;
        for model in models {
            out.insert(
                E::id_of(&model),
                (
                    Level::parse(E::effective_of(&model)),
                    Level::parse(E::visibility_of(&model)),
                ),
            );
        }
    }
    Ok(out)
}
