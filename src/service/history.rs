//! A record's history, read from the audit log (every write keeps the record's settled
//! after-image, the built-in data's and imports' included), and what a reader may see of
//! it. Visibility holds in time as it does now:
//!
//! - A version is shown only if the record was visible to the reader in it (its
//!   effective visibility then; for an archive or restore, the side that was not
//!   archived). History is reached through the record as it is now, so a record the
//!   reader may not see now has no history for them at all.
//! - A diff reveals the value before a change only if the version before was shown to
//!   the reader too: a record restricted, then made public, shows its public versions
//!   as if they began there.
//! - A past text that names a person now hidden from the reader is redacted, and so is
//!   a past name of a person or past alias (a witness renamed to a pseudonym must not be
//!   unmasked by their history) for every reader below editor.
//! - Bookkeeping (version, timestamps, derived columns) and sensitive fields (a
//!   person's birth date and notes, for the public) are not diffed.

use entity::audit_log;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::AppResult;
use crate::ids::NodeType;
use crate::service::access::{Role, Viewer};
use crate::service::exposure::first_exposure;
use crate::service::records::Text;
use crate::service::visibility::Level;
use crate::service::vocab::Visibility;

/// Versions read per record, at most (a record's history is short: the oldest beyond
/// this are not shown).
pub const MAX_VERSIONS: u64 = 2_000;

/// Columns that are bookkeeping or derived from others, never shown as a change.
const NOT_DIFFED: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "version",
    "effective_visibility",
    "archived_at",
    "person_name",
];

/// Columns of a person only readers of sensitive fields see (`Person.birthDate`, `notes`).
const SENSITIVE: &[&str] = &["birth_date", "notes"];

/// One version of a record, as a reader may see it.
#[derive(Debug, Clone)]
pub struct Version {
    pub entry: audit_log::Model,
    pub changes: Vec<FieldChange>,
}

/// One field changed by a version.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The column, as stored (`period`, `name`).
    pub field: String,
    /// The value before; `None` when the reader may not see it (or it was created here).
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// Whether a value was withheld from this reader.
    pub redacted: bool,
}

/// The versions of record `id` of `node` that `viewer` may see, oldest first.
pub async fn versions<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    node: NodeType,
    id: Uuid,
) -> AppResult<Vec<Version>> {
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::RecordId.eq(id))
        .filter(audit_log::Column::RecordType.eq(node.name()))
        .order_by_asc(audit_log::Column::CreatedAt)
        .order_by_asc(audit_log::Column::Id)
        .limit(MAX_VERSIONS)
        .all(db)
        .await?;
    let current = entries
        .last()
        .and_then(|e| parse(e.after.as_deref()))
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut previous_shown = false;
    for (index, entry) in entries.into_iter().enumerate() {
        let before = parse(entry.before.as_deref());
        let after = parse(entry.after.as_deref());
        let shown = after
            .as_ref()
            .map(|a| level_of(before.as_ref(), a))
            .is_some_and(|level| viewer.may_see(level));
        // The first row of all may carry a before-image stored before the audit log
        // kept every write: it is shown when it was visible itself.
        let before_shown = if index == 0 {
            before
                .as_ref()
                .is_some_and(|b| viewer.may_see(level_of(None, b)))
        } else {
            previous_shown
        };
        previous_shown = shown;
        if !shown {
            continue;
        }
        let before = if before_shown { before } else { None };
        let changes = diff(db, viewer, node, before.as_ref(), after.as_ref(), &current).await?;
        out.push(Version { entry, changes });
    }
    Ok(out)
}

fn parse(json: Option<&str>) -> Option<Map<String, Value>> {
    match serde_json::from_str(json?) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// Who could read the record in a version: its effective visibility then, or for an
/// archive or restore (effective `hidden` on one side), the side that was not archived.
fn level_of(before: Option<&Map<String, Value>>, after: &Map<String, Value>) -> Level {
    let effective = |m: &Map<String, Value>| {
        m.get("effective_visibility")
            .and_then(Value::as_str)
            .map(Level::parse)
    };
    match effective(after) {
        Some(Level::Hidden) => before
            .and_then(effective)
            .filter(|l| *l != Level::Hidden)
            .unwrap_or(Level::Hidden),
        Some(level) => level,
        // An image from before derived visibility was kept: its own visibility.
        None => after
            .get("visibility")
            .and_then(Value::as_str)
            .map_or(Level::Hidden, Level::parse),
    }
}

/// The fields that differ between `before` and `after`, as `viewer` may read them.
async fn diff<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    node: NodeType,
    before: Option<&Map<String, Value>>,
    after: Option<&Map<String, Value>>,
    current: &Map<String, Value>,
) -> AppResult<Vec<FieldChange>> {
    let empty = Map::new();
    let (old, new) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
    let mut fields: Vec<&String> = old.keys().chain(new.keys()).collect();
    fields.sort();
    fields.dedup();
    let mut changes = Vec::new();
    for field in fields {
        let (was, is) = (old.get(field), new.get(field));
        let unset = |v: Option<&Value>| v.is_none_or(Value::is_null);
        if was == is || (unset(was) && unset(is)) || !diffed(viewer, node, field) {
            continue;
        }
        let (before, before_withheld) = shown(db, viewer, node, field, was, current).await?;
        let (after, after_withheld) = shown(db, viewer, node, field, is, current).await?;
        let redacted = before_withheld || after_withheld;
        changes.push(FieldChange {
            field: field.clone(),
            before,
            after,
            redacted,
        });
    }
    Ok(changes)
}

/// `value` as `viewer` may read it, and whether it was withheld.
async fn shown<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    node: NodeType,
    field: &str,
    value: Option<&Value>,
    current: &Map<String, Value>,
) -> AppResult<(Option<Value>, bool)> {
    match value.filter(|v| !v.is_null()) {
        None => Ok((None, false)),
        Some(v) if withheld(db, viewer, node, field, v, current).await? => Ok((None, true)),
        Some(v) => Ok((Some(v.clone()), false)),
    }
}

/// Whether `field` of a record of `node` is shown as a change to `viewer`.
fn diffed(viewer: Viewer, node: NodeType, field: &str) -> bool {
    if NOT_DIFFED.contains(&field) || field.ends_with("_earliest") || field.ends_with("_latest") {
        return false;
    }
    !(node == NodeType::Person
        && SENSITIVE.contains(&field)
        && !viewer.role.reads_sensitive_fields())
}

/// Whether a past `value` of `field` must be withheld from `viewer`: a past name of a
/// person or an alias (below editor), or a text naming a person now hidden from them.
async fn withheld<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    node: NodeType,
    field: &str,
    value: &Value,
    current: &Map<String, Value>,
) -> AppResult<bool> {
    let sees_all = matches!(viewer.role, Role::Editor | Role::Admin);
    if sees_all {
        return Ok(false);
    }
    let is_name = matches!(node, NodeType::Person | NodeType::Alias) && field == "name";
    if is_name && current.get(field) != Some(value) {
        return Ok(true);
    }
    let Some(text) = value.as_str() else {
        return Ok(false);
    };
    let reader = match viewer.role {
        Role::Public => Level::Public,
        _ => Level::Restricted,
    };
    let texts = [Text {
        column: "value",
        text,
        floor: Visibility::Public,
    }];
    Ok(first_exposure(db, &texts, reader, None).await?.is_some())
}
