//! Bulk writes — `daleel import`, `importDataset`, the built-in data — through the same
//! door as a single write: every row passes its type's rules (`write::prepare`), rows are
//! stored in dependency order, and visibility, search and the hidden-name rule are
//! settled once for all of them. All or nothing: the first row that breaks a rule stops
//! the write, named by its table, its id and its field.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, QueryFilter};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::records::on_record_type;
use crate::service::fields::FieldError;
use crate::service::records::Kind;
use crate::service::visibility::RecordSet;
use crate::service::write::{self, Operation, References};

/// How rows that are already stored are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// An import: a row that differs from the stored one replaces it as it is (its
    /// version and times included); an identical one is left alone.
    Replace,
    /// The built-in data: a stored row is brought up to date only if no one has edited it
    /// since it was loaded (no mutation in its audit history), as a new version.
    UpdateUnedited,
}

/// What a bulk write did, per table.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub created: BTreeMap<String, u64>,
    pub updated: BTreeMap<String, u64>,
    pub unchanged: u64,
    /// Built-in records a corrected dataset would change but an editor has changed: left
    /// as they are (`Mode::UpdateUnedited`).
    #[serde(skip_serializing_if = "is_zero")]
    pub kept_edited: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Rows of the tables of a dataset, by type.
pub type Rows = BTreeMap<NodeType, Vec<Value>>;

/// An error about one row: its table, its id (or position) and the field.
pub fn row_error(node: NodeType, record: &str, err: AppError) -> AppError {
    match err {
        AppError::Invalid(field) => AppError::bad_input(format!(
            "table `{}`, record {record}: field `{}`: {}",
            node.table(),
            field.column,
            field.message
        )),
        AppError::BadUserInput(message) => AppError::bad_input(format!(
            "table `{}`, record {record}: {message}",
            node.table()
        )),
        other => other,
    }
}

/// The way a row is named in an error: its id, or its position when it has none.
fn record_name(index: usize, row: &Value) -> String {
    match row.get("id").and_then(Value::as_str) {
        Some(id) => format!("`{}`", id.chars().take(64).collect::<String>()),
        None => format!("#{}", index + 1),
    }
}

/// One table's rows, read and checked, with what to do with each.
struct Planned<M> {
    inserts: Vec<M>,
    updates: Vec<(M, M)>,
    unchanged: u64,
    kept_edited: u64,
}

/// Writes `rows` in the caller's transaction, by `author`, recording `operation`.
pub async fn write_rows<C: ConnectionTrait>(
    txn: &C,
    author: &write::Author,
    operation: Operation,
    mode: Mode,
    rows: Rows,
) -> AppResult<Report> {
    // Every id the write holds, so rows may point at each other in any order.
    let mut pending = RecordSet::new();
    for (node, rows) in &rows {
        let ids = pending.entry(*node).or_default();
        for (index, row) in rows.iter().enumerate() {
            let id = row
                .get("id")
                .and_then(Value::as_str)
                .and_then(|i| Uuid::parse_str(i).ok())
                .ok_or_else(|| {
                    row_error(
                        *node,
                        &record_name(index, row),
                        AppError::Invalid(FieldError::new("id", "must be a UUID")),
                    )
                })?;
            if !ids.insert(id) {
                return Err(row_error(
                    *node,
                    &record_name(index, row),
                    AppError::bad_input("this id is used by two rows of the table"),
                ));
            }
        }
    }
    let mut report = Report::default();
    let mut touched = RecordSet::new();
    let mut fresh = RecordSet::new();
    let mut before: HashMap<Uuid, String> = HashMap::new();
    let mut rows = rows;
    for &node in NodeType::RECORDS {
        let Some(table) = rows.remove(&node) else {
            continue;
        };
        on_record_type!(
            node,
            E => write_table::<E, C>(txn, mode, table, &pending, &mut report, &mut touched, &mut fresh, &mut before).await?,
            otherwise => (),
        );
    }
    if let Some(unknown) = rows.keys().next() {
        return Err(AppError::bad_input(format!(
            "table `{}` cannot be imported",
            unknown.table()
        )));
    }
    write::settle(txn, &touched, &fresh)
        .await
        .map_err(|err| match &err {
            AppError::Invalid(FieldError {
                record: Some((node, id)),
                ..
            }) => row_error(*node, &format!("`{id}`"), err),
            _ => err,
        })?;
    // Audit entries carry the rows as settled: their derived visibility included.
    let mut entries = Vec::new();
    for (node, ids) in &touched {
        let ids: Vec<Uuid> = ids.iter().copied().collect();
        on_record_type!(
            *node,
            E => entries.extend(audit_entries::<E, C>(txn, &ids, &mut before).await?),
            otherwise => (),
        );
    }
    write::audit_all(txn, author, operation, entries).await?;
    Ok(report)
}

/// Reads, checks and stores one table's rows.
#[allow(clippy::too_many_arguments)]
async fn write_table<K: Kind, C: ConnectionTrait>(
    txn: &C,
    mode: Mode,
    rows: Vec<Value>,
    pending: &RecordSet,
    report: &mut Report,
    touched: &mut RecordSet,
    fresh: &mut RecordSet,
    before: &mut HashMap<Uuid, String>,
) -> AppResult<()> {
    let plan = plan::<K, C>(txn, mode, rows, pending).await?;
    let table = K::NODE.table().to_owned();
    let mut inserts = plan.inserts;
    if K::NODE == NodeType::Branch {
        parents_first::<K>(&mut inserts)?;
    }
    let ids: Vec<Uuid> = inserts.iter().map(K::id_of).collect();
    *report.created.entry(table.clone()).or_default() += ids.len() as u64;
    write::store_new::<K, C>(txn, inserts).await?;
    touched
        .entry(K::NODE)
        .or_default()
        .extend(ids.iter().copied());
    fresh.entry(K::NODE).or_default().extend(ids);
    for (stored, after) in plan.updates {
        let id = K::id_of(&after);
        write::store_changed::<K, C>(txn, after, None).await?;
        touched.entry(K::NODE).or_default().insert(id);
        before.insert(
            id,
            serde_json::to_string(&stored).map_err(AppError::internal)?,
        );
        *report.updated.entry(table.clone()).or_default() += 1;
    }
    report.created.retain(|_, n| *n > 0);
    report.unchanged += plan.unchanged;
    report.kept_edited += plan.kept_edited;
    // Rules over other rows again, now that the table's rows are all in: a branch loop
    // through a stored row and a new one shows only now.
    if let Some(ids) = touched.get(&K::NODE) {
        let ids: Vec<Uuid> = ids.iter().copied().collect();
        for model in stored_rows::<K, C>(txn, &ids).await?.values() {
            K::check_in(txn, model)
                .await
                .map_err(|e| row_error(K::NODE, &format!("`{}`", K::id_of(model)), e))?;
        }
    }
    Ok(())
}

/// Reads and checks every row of a table and decides what to do with it.
async fn plan<K: Kind, C: ConnectionTrait>(
    txn: &C,
    mode: Mode,
    rows: Vec<Value>,
    pending: &RecordSet,
) -> AppResult<Planned<K::Model>> {
    let columns = column_names::<K>();
    let mut models = Vec::with_capacity(rows.len());
    for (index, row) in rows.into_iter().enumerate() {
        let name = record_name(index, &row);
        // A misspelt column would be dropped silently, and its value lost: refuse it.
        if let Some(unknown) = row
            .as_object()
            .and_then(|o| o.keys().find(|k| !columns.contains(&k.as_str())))
        {
            return Err(row_error(
                K::NODE,
                &name,
                AppError::bad_input(format!(
                    "unknown field `{}`; the table's columns are {}",
                    unknown.chars().take(64).collect::<String>(),
                    columns.join(", ")
                )),
            ));
        }
        let mut model: K::Model = serde_json::from_value(row)
            .map_err(|e| row_error(K::NODE, &name, AppError::bad_input(e.to_string())))?;
        crate::service::records::check_row::<K>(&mut model)
            .map_err(|e| row_error(K::NODE, &name, AppError::Invalid(e)))?;
        models.push((name, model));
    }
    unique_slugs::<K>(&models)?;
    let ids: Vec<Uuid> = models.iter().map(|(_, m)| K::id_of(m)).collect();
    let stored = stored_rows::<K, C>(txn, &ids).await?;
    let edited = match mode {
        Mode::UpdateUnedited => edited_records(txn, &ids).await?,
        Mode::Replace => HashSet::new(),
    };
    let mut plan = Planned {
        inserts: Vec::new(),
        updates: Vec::new(),
        unchanged: 0,
        kept_edited: 0,
    };
    for (name, mut model) in models {
        let id = K::id_of(&model);
        match stored.get(&id) {
            None => {
                let model = write::prepare::<K, C>(txn, model, References::Exist, pending)
                    .await
                    .map_err(|e| row_error(K::NODE, &name, e))?;
                plan.inserts.push(model);
            }
            Some(current) => {
                // The derived level is never taken from a file.
                K::set_effective(&mut model, K::effective_of(current));
                if mode == Mode::UpdateUnedited {
                    same_stamps::<K>(&mut model, current)?;
                }
                if model == *current {
                    plan.unchanged += 1;
                    continue;
                }
                if edited.contains(&id) {
                    plan.kept_edited += 1;
                    continue;
                }
                if mode == Mode::UpdateUnedited {
                    K::bump(&mut model, Utc::now());
                }
                let model = write::prepare::<K, C>(txn, model, References::Exist, pending)
                    .await
                    .map_err(|e| row_error(K::NODE, &name, e))?;
                plan.updates.push((current.clone(), model));
            }
        }
    }
    Ok(plan)
}

/// The columns of `K`'s table, as rows name them.
fn column_names<K: Kind>() -> Vec<&'static str> {
    use sea_orm::{IdenStatic, Iterable};
    K::Column::iter().map(|c| c.as_str()).collect()
}

/// Gives `model` the stored row's version and times, so that only its content is compared.
fn same_stamps<K: Kind>(model: &mut K::Model, current: &K::Model) -> AppResult<()> {
    let mut value = serde_json::to_value(&*model).map_err(AppError::internal)?;
    let stored = serde_json::to_value(current).map_err(AppError::internal)?;
    for key in ["created_at", "updated_at", "version"] {
        if let (Some(object), Some(v)) = (value.as_object_mut(), stored.get(key)) {
            object.insert(key.to_owned(), v.clone());
        }
    }
    *model = serde_json::from_value(value).map_err(AppError::internal)?;
    Ok(())
}

/// Two rows of the same write may not share a slug.
fn unique_slugs<K: Kind>(models: &[(String, K::Model)]) -> AppResult<()> {
    if !K::SLUG {
        return Ok(());
    }
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (name, model) in models {
        let value = serde_json::to_value(model).map_err(AppError::internal)?;
        if let Some(slug) = value.get("slug").and_then(Value::as_str)
            && let Some(other) = seen.insert(slug.to_owned(), name)
        {
            return Err(row_error(
                K::NODE,
                name,
                AppError::Invalid(FieldError::new(
                    "slug",
                    format!("`{slug}` is also the slug of record {other}; slugs must be unique"),
                )),
            ));
        }
    }
    Ok(())
}

/// The stored rows among `ids`.
async fn stored_rows<K: Kind, C: ConnectionTrait>(
    txn: &C,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, K::Model>> {
    let mut stored = HashMap::new();
    for chunk in ids.chunks(500) {
        let found = K::find()
            .filter(Expr::col((K::default(), K::id_col())).is_in(chunk.iter().copied()))
            .all(txn)
            .await?;
        stored.extend(found.into_iter().map(|m| (K::id_of(&m), m)));
    }
    Ok(stored)
}

/// The records among `ids` that someone changed through the API (their audit history
/// holds a mutation), which the built-in data must not overwrite.
async fn edited_records<C: ConnectionTrait>(txn: &C, ids: &[Uuid]) -> AppResult<HashSet<Uuid>> {
    let mut edited = HashSet::new();
    for chunk in ids.chunks(500) {
        let mut select = Query::select();
        select
            .distinct()
            .column(Alias::new("record_id"))
            .from(Alias::new("audit_log"))
            .and_where(Expr::col(Alias::new("record_id")).is_in(chunk.iter().copied()))
            .and_where(
                Expr::col(Alias::new("operation"))
                    .is_in(["create", "update", "archive", "restore", "import"]),
            );
        for row in txn.query_all(&select).await? {
            edited.insert(row.try_get::<Uuid>("", "record_id")?);
        }
    }
    Ok(edited)
}

/// Orders branches so that each comes after its parent when both are new; a loop among
/// them is refused, naming one of its branches.
fn parents_first<K: Kind>(models: &mut Vec<K::Model>) -> AppResult<()> {
    let parent_of = |m: &K::Model| -> Option<Uuid> {
        serde_json::to_value(m)
            .ok()?
            .get("parent_id")?
            .as_str()?
            .parse()
            .ok()
    };
    let in_write: HashSet<Uuid> = models.iter().map(K::id_of).collect();
    let mut pending: Vec<K::Model> = std::mem::take(models);
    let mut placed: BTreeSet<Uuid> = BTreeSet::new();
    while !pending.is_empty() {
        let (ready, rest): (Vec<_>, Vec<_>) = pending.into_iter().partition(|m| {
            parent_of(m).is_none_or(|p| !in_write.contains(&p) || placed.contains(&p))
        });
        if ready.is_empty() {
            let id = rest.first().map(K::id_of).unwrap_or_default();
            return Err(row_error(
                K::NODE,
                &format!("`{id}`"),
                AppError::Invalid(FieldError::new(
                    "parent_id",
                    "the branches' parents form a loop; a branch cannot be part of itself",
                )),
            ));
        }
        placed.extend(ready.iter().map(K::id_of));
        models.extend(ready);
        pending = rest;
    }
    Ok(())
}

/// The audit entries of stored rows `ids`, with their settled after-images.
async fn audit_entries<K: Kind, C: ConnectionTrait>(
    txn: &C,
    ids: &[Uuid],
    before: &mut HashMap<Uuid, String>,
) -> AppResult<Vec<write::Entry>> {
    let stored = stored_rows::<K, C>(txn, ids).await?;
    ids.iter()
        .map(|id| {
            let after = stored
                .get(id)
                .map(serde_json::to_string)
                .transpose()
                .map_err(AppError::internal)?;
            Ok(write::Entry {
                node: K::NODE,
                id: *id,
                before: before.remove(id),
                after,
            })
        })
        .collect()
}
