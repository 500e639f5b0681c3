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

use std::collections::HashMap;

use entity::audit_log;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::AppResult;
use crate::ids::NodeType;
use crate::service::access::{Role, Viewer};
use crate::service::batch::padded;
use crate::service::exposure::naming_hidden;
use crate::service::fields::camel_case;
use crate::service::visibility::Level;

/// Versions read per record, at most (a record's history is short: the oldest beyond
/// this are not shown).
pub const MAX_VERSIONS: usize = 2_000;

/// Records whose entries one statement reads.
const RECORDS_PER_STATEMENT: usize = 1_000;

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

/// One version of a record, as a reader may see it: the write's who, when and why (the
/// images themselves are read once, into `changes`).
#[derive(Debug, Clone)]
pub struct Version {
    pub at: chrono::DateTime<chrono::Utc>,
    pub operation: String,
    pub role: String,
    pub key_name: Option<String>,
    pub reason: Option<String>,
    /// The record's `version` after the write.
    pub version: Option<i64>,
    pub changes: Vec<FieldChange>,
}

/// One field changed by a version.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The field in the API's spelling (`period`, `personId`).
    pub field: String,
    /// The value before; `None` when the reader may not see it (or it was created here).
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// Whether a value was withheld from this reader.
    pub redacted: bool,
}

/// The versions of each of records `ids` of `node` that `viewer` may see, oldest first:
/// one statement for the audit entries of them all, one for the names their past texts
/// may show (a list's histories cost what one does).
pub async fn versions_of<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    node: NodeType,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<Version>>> {
    let mut by_record: HashMap<Uuid, Vec<audit_log::Model>> = HashMap::new();
    for chunk in ids.chunks(RECORDS_PER_STATEMENT) {
        let entries = audit_log::Entity::find()
            .filter(audit_log::Column::RecordId.is_in(padded(chunk)))
            .filter(audit_log::Column::RecordType.eq(node.name()))
            .order_by_asc(audit_log::Column::CreatedAt)
            .order_by_asc(audit_log::Column::Id)
            .all(db)
            .await?;
        for entry in entries {
            by_record.entry(entry.record_id).or_default().push(entry);
        }
    }
    let mut out: HashMap<Uuid, Vec<Version>> = HashMap::with_capacity(by_record.len());
    for (id, mut entries) in by_record {
        // The newest, when a record has more than is shown.
        let excess = entries.len().saturating_sub(MAX_VERSIONS);
        entries.drain(..excess);
        out.insert(id, shown_versions(viewer, node, entries));
    }
    redact_texts(db, viewer, &mut out).await?;
    Ok(out)
}

/// The versions of one record's `entries` shown to `viewer`, with their changes (texts
/// not yet checked for hidden names).
fn shown_versions(viewer: Viewer, node: NodeType, entries: Vec<audit_log::Model>) -> Vec<Version> {
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
        // The first row may carry a before-image stored before the audit log kept every
        // write: it is shown when it was visible itself.
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
        let changes = diff(viewer, node, before.as_ref(), after.as_ref(), &current);
        out.push(Version {
            at: entry.created_at,
            operation: entry.operation,
            role: entry.role,
            key_name: entry.key_name,
            reason: entry.reason,
            version: after
                .as_ref()
                .and_then(|a| a.get("version"))
                .and_then(Value::as_i64),
            changes,
        });
    }
    out
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
fn diff(
    viewer: Viewer,
    node: NodeType,
    before: Option<&Map<String, Value>>,
    after: Option<&Map<String, Value>>,
    current: &Map<String, Value>,
) -> Vec<FieldChange> {
    let empty = Map::new();
    let (old, new) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
    let mut fields: Vec<&String> = old.keys().chain(new.keys()).collect();
    fields.sort();
    fields.dedup();
    let unset = |v: Option<&Value>| v.is_none_or(Value::is_null);
    let mut changes = Vec::new();
    for field in fields {
        let (was, is) = (old.get(field), new.get(field));
        if was == is || (unset(was) && unset(is)) || !diffed(viewer, node, field) {
            continue;
        }
        let (before, before_withheld) = past_name(viewer, node, field, was, current);
        let (after, after_withheld) = past_name(viewer, node, field, is, current);
        changes.push(FieldChange {
            field: camel_case(field),
            before,
            after,
            redacted: before_withheld || after_withheld,
        });
    }
    changes
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

/// Readers who see every record, and so every past value.
fn sees_all(viewer: Viewer) -> bool {
    matches!(viewer.role, Role::Editor | Role::Admin)
}

/// `value` as `viewer` may read it, and whether it was withheld: a past name of a
/// person or an alias is, below editor.
fn past_name(
    viewer: Viewer,
    node: NodeType,
    field: &str,
    value: Option<&Value>,
    current: &Map<String, Value>,
) -> (Option<Value>, bool) {
    let value = value.filter(|v| !v.is_null());
    let is_name = matches!(node, NodeType::Person | NodeType::Alias) && field == "name";
    match value {
        Some(v) if is_name && !sees_all(viewer) && current.get(field) != Some(v) => (None, true),
        v => (v.cloned(), false),
    }
}

/// Withholds every past text that names a person hidden from `viewer` now.
async fn redact_texts<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    histories: &mut HashMap<Uuid, Vec<Version>>,
) -> AppResult<()> {
    if sees_all(viewer) {
        return Ok(());
    }
    let reader = match viewer.role {
        Role::Public => Level::Public,
        _ => Level::Restricted,
    };
    // Every past text, by where it sits: (record, version, change, after?, text).
    let mut texts: Vec<(Uuid, usize, usize, bool, String)> = Vec::new();
    for (id, versions) in histories.iter() {
        for (v, version) in versions.iter().enumerate() {
            for (c, change) in version.changes.iter().enumerate() {
                for (is_after, value) in [(false, &change.before), (true, &change.after)] {
                    if let Some(Value::String(text)) = value {
                        texts.push((*id, v, c, is_after, text.clone()));
                    }
                }
            }
        }
    }
    let strings: Vec<&str> = texts.iter().map(|t| t.4.as_str()).collect();
    let hidden = naming_hidden(db, &strings, reader).await?;
    for ((id, v, c, is_after, _), hides) in texts.into_iter().zip(hidden) {
        let Some(change) = histories
            .get_mut(&id)
            .and_then(|versions| versions.get_mut(v))
            .and_then(|version| version.changes.get_mut(c))
        else {
            continue;
        };
        if !hides {
            continue;
        }
        if is_after {
            change.after = None;
        } else {
            change.before = None;
        }
        change.redacted = true;
    }
    Ok(())
}
