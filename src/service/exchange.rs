//! Export and import of the whole record in a documented, versioned JSON format that
//! keeps every id, so partners can exchange data (`docs/exchange-format.md`).
//!
//! An import is one transaction: every row is checked (shape, visibility, EDTF dates,
//! references) before anything is written, and a failure names the table, the record
//! and the field and changes nothing. Importing the same file twice changes nothing.

use std::collections::{BTreeMap, HashMap, HashSet};

use entity::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, IntoActiveModel, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::edtf::Edtf;
use crate::error::{AppError, AppResult};
use crate::service::access::Viewer;
use crate::service::record::Record;
use crate::service::write::{Operation, audit, require_writer};

/// The format's name, in every file.
pub const FORMAT: &str = "daleel-dataset";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;

/// A whole dataset: rows of each table sorted by id (an import inserts tables in
/// dependency order whatever their order in the file).
#[derive(Debug, Serialize, Deserialize)]
pub struct Dataset {
    pub format: String,
    pub version: u32,
    pub tables: BTreeMap<String, Vec<Value>>,
}

/// What an import did, per table.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub created: BTreeMap<String, u64>,
    pub updated: BTreeMap<String, u64>,
    pub unchanged: u64,
}

/// A reference from one column to a record: a fixed table, or the table named by
/// another column of the same row (polymorphic links).
enum Target {
    Table(&'static str),
    TypeColumn(&'static str),
}

/// The tables in insertion order, each with its EDTF fields and its references.
macro_rules! tables {
    ($($module:ident { edtf: [$($edtf:literal),*], refs: [$(($col:literal, $target:expr)),*] }),* $(,)?) => {
        const TABLES: &[&str] = &[$(stringify!($module)),*];

        fn edtf_fields(table: &str) -> &'static [&'static str] {
            match table {
                $(stringify!($module) => &[$($edtf),*],)*
                _ => &[],
            }
        }

        fn references(table: &str) -> Vec<(&'static str, Target)> {
            match table {
                $(stringify!($module) => vec![$(($col, $target)),*],)*
                _ => vec![],
            }
        }

        async fn export_table<C: ConnectionTrait>(db: &C, table: &str) -> AppResult<Vec<Value>> {
            match table {
                $(stringify!($module) => rows_of::<$module::Entity, C>(db).await,)*
                _ => Ok(Vec::new()),
            }
        }

        async fn import_table<C: ConnectionTrait>(
            db: &C,
            viewer: Viewer,
            table: &str,
            rows: Vec<Value>,
            report: &mut ImportReport,
        ) -> AppResult<()> {
            match table {
                $(stringify!($module) => import_rows::<$module::Entity, C>(db, viewer, table, rows, report).await,)*
                _ => Ok(()),
            }
        }
    };
}

tables! {
    organization { edtf: [], refs: [] },
    source { edtf: ["published"], refs: [("publisher_id", Target::Table("organization"))] },
    agency { edtf: [], refs: [] },
    branch { edtf: [], refs: [("agency_id", Target::Table("agency")), ("parent_id", Target::Table("branch"))] },
    facility { edtf: ["opened", "closed"], refs: [] },
    facility_operation { edtf: ["period"], refs: [("facility_id", Target::Table("facility")), ("branch_id", Target::Table("branch"))] },
    person { edtf: [], refs: [] },
    posting { edtf: ["period"], refs: [("person_id", Target::Table("person")), ("branch_id", Target::Table("branch"))] },
    trial { edtf: ["period"], refs: [("court_id", Target::Table("organization"))] },
    verdict { edtf: ["date"], refs: [("trial_id", Target::Table("trial")), ("person_id", Target::Table("person"))] },
    charge { edtf: [], refs: [("verdict_id", Target::Table("verdict"))] },
    statistic { edtf: ["period"], refs: [("subject_id", Target::TypeColumn("subject_type")), ("claimant_id", Target::Table("organization"))] },
    event { edtf: ["date"], refs: [] },
    event_link { edtf: [], refs: [("event_id", Target::Table("event")), ("subject_id", Target::TypeColumn("subject_type"))] },
    sanction { edtf: ["listed"], refs: [("target_id", Target::TypeColumn("target_type")), ("authority_id", Target::Table("organization"))] },
    testimony { edtf: ["given"], refs: [("witness_id", Target::Table("person")), ("trial_id", Target::Table("trial")), ("facility_id", Target::Table("facility"))] },
    alias { edtf: [], refs: [("subject_id", Target::TypeColumn("subject_type"))] },
    citation { edtf: [], refs: [("source_id", Target::Table("source")), ("subject_id", Target::TypeColumn("subject_type"))] },
}

async fn rows_of<E: Record, C: ConnectionTrait>(db: &C) -> AppResult<Vec<Value>>
where
    E::Model: Serialize,
{
    let models = E::find().order_by_asc(E::id_col()).all(db).await?;
    models
        .iter()
        .map(|m| serde_json::to_value(m).map_err(AppError::internal))
        .collect()
}

/// Every record (archived ones too: an export is a backup), ids kept.
pub async fn export<C: ConnectionTrait>(db: &C) -> AppResult<Dataset> {
    let mut tables = BTreeMap::new();
    for table in TABLES {
        tables.insert((*table).to_owned(), export_table(db, table).await?);
    }
    Ok(Dataset {
        format: FORMAT.into(),
        version: VERSION,
        tables,
    })
}

fn invalid(table: &str, index: usize, id: Option<&str>, what: impl std::fmt::Display) -> AppError {
    let record = id.map_or_else(|| format!("#{}", index + 1), |id| format!("`{id}`"));
    AppError::bad_input(format!("table `{table}`, record {record}: {what}"))
}

/// Checks the file before anything is written: format and version, known tables, each
/// row's id, visibility and EDTF dates (whose bounds are recomputed, never trusted).
fn check(dataset: &mut Dataset) -> AppResult<()> {
    if dataset.format != FORMAT {
        return Err(AppError::bad_input(format!(
            "`format` must be `{FORMAT}`, found `{}`",
            dataset.format
        )));
    }
    if dataset.version != VERSION {
        return Err(AppError::bad_input(format!(
            "this file is format version {}; this daleel reads version {VERSION}",
            dataset.version
        )));
    }
    if let Some(unknown) = dataset
        .tables
        .keys()
        .find(|t| !TABLES.contains(&t.as_str()))
    {
        return Err(AppError::bad_input(format!(
            "unknown table `{unknown}`; known: {}",
            TABLES.join(", ")
        )));
    }
    for (table, rows) in dataset.tables.iter_mut() {
        for (index, row) in rows.iter_mut().enumerate() {
            let id = row.get("id").and_then(Value::as_str).map(str::to_owned);
            let fail = |what: String| invalid(table, index, id.as_deref(), what);
            if id
                .as_deref()
                .and_then(|i| Uuid::parse_str(i).ok())
                .is_none()
            {
                return Err(fail("field `id`: must be a UUID".into()));
            }
            match row.get("visibility").and_then(Value::as_str) {
                Some("public" | "restricted" | "confidential") => {}
                _ => {
                    return Err(fail(
                        "field `visibility`: must be public, restricted or confidential".into(),
                    ));
                }
            }
            // Names are shown and searched everywhere: the same rule as for a write.
            if let Some(field) = name_field(table)
                && let Some(Value::String(name)) = row.get(field)
            {
                crate::service::validate::readable(field, name).map_err(|e| fail(e.message()))?;
            }
            for field in edtf_fields(table) {
                let (earliest, latest) = match row.get(*field) {
                    None | Some(Value::Null) => (Value::Null, Value::Null),
                    Some(Value::String(text)) => {
                        let edtf =
                            Edtf::parse(text).map_err(|e| fail(format!("field `{field}`: {e}")))?;
                        let day = |d: Option<chrono::NaiveDate>| {
                            d.map_or(Value::Null, |d| Value::String(d.to_string()))
                        };
                        (day(edtf.earliest()), day(edtf.latest()))
                    }
                    Some(_) => {
                        return Err(fail(format!(
                            "field `{field}`: must be an EDTF string or null"
                        )));
                    }
                };
                if let Some(object) = row.as_object_mut() {
                    object.insert(format!("{field}_earliest"), earliest);
                    object.insert(format!("{field}_latest"), latest);
                }
            }
        }
    }
    Ok(())
}

/// The column holding a table's name (searched and shown everywhere), if it has one.
fn name_field(table: &str) -> Option<&'static str> {
    crate::service::search::NAMED
        .iter()
        .find(|(node, _)| node.table() == table)
        .map(|(_, column)| *column)
        .or((table == "alias").then_some("name"))
}

/// Checks that every reference points at a record in the file or already stored.
async fn check_references<C: ConnectionTrait>(db: &C, dataset: &Dataset) -> AppResult<()> {
    let mut known: HashMap<&str, HashSet<Uuid>> = HashMap::new();
    for (table, rows) in &dataset.tables {
        let ids = rows
            .iter()
            .filter_map(|r| r.get("id")?.as_str())
            .filter_map(|i| Uuid::parse_str(i).ok());
        known.entry(table.as_str()).or_default().extend(ids);
    }
    for (table, rows) in &dataset.tables {
        for (index, row) in rows.iter().enumerate() {
            for (column, target) in references(table) {
                let Some(value) = row.get(column).and_then(Value::as_str) else {
                    continue;
                };
                let id = row.get("id").and_then(Value::as_str);
                let fail =
                    |what: String| invalid(table, index, id, format!("field `{column}`: {what}"));
                let reference =
                    Uuid::parse_str(value).map_err(|_| fail("must be a UUID".into()))?;
                let target = match target {
                    Target::Table(t) => t.to_owned(),
                    Target::TypeColumn(c) => row
                        .get(c)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                };
                if !TABLES.contains(&target.as_str()) {
                    return Err(fail(format!("refers to unknown record type `{target}`")));
                }
                if known
                    .get(target.as_str())
                    .is_some_and(|ids| ids.contains(&reference))
                {
                    continue;
                }
                let stored = db
                    .query_one(
                        sea_orm::sea_query::Query::select()
                            .column(sea_orm::sea_query::Alias::new("id"))
                            .from(sea_orm::sea_query::Alias::new(target.as_str()))
                            .and_where(
                                Expr::col(sea_orm::sea_query::Alias::new("id")).eq(reference),
                            ),
                    )
                    .await?;
                if stored.is_none() {
                    return Err(fail(format!(
                        "refers to {target} `{reference}`, which is neither in the file nor stored"
                    )));
                }
            }
        }
    }
    Ok(())
}

async fn import_rows<E: Record, C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    table: &str,
    rows: Vec<Value>,
    report: &mut ImportReport,
) -> AppResult<()>
where
    E::Model: Serialize + for<'de> Deserialize<'de> + PartialEq + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let mut models = Vec::with_capacity(rows.len());
    for (index, row) in rows.into_iter().enumerate() {
        let id = row.get("id").and_then(Value::as_str).map(str::to_owned);
        let model: E::Model =
            serde_json::from_value(row).map_err(|e| invalid(table, index, id.as_deref(), e))?;
        models.push(model);
    }
    // Parents before children within a table (a branch's parent branch).
    if table == "branch" {
        sort_parents_first(&mut models);
    }
    let ids: Vec<Uuid> = models.iter().map(E::id_of).collect();
    let mut stored: HashMap<Uuid, E::Model> = HashMap::new();
    for chunk in ids.chunks(500) {
        let found = E::find()
            .filter(Expr::col((E::default(), E::id_col())).is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        stored.extend(found.into_iter().map(|m| (E::id_of(&m), m)));
    }
    for model in models {
        let id = E::id_of(&model);
        match stored.get(&id) {
            Some(current) if *current == model => report.unchanged += 1,
            Some(current) => {
                let before = current.clone();
                E::update_many()
                    .set(model.clone().into_active_model().reset_all())
                    .filter(Expr::col((E::default(), E::id_col())).eq(id))
                    .exec(db)
                    .await?;
                audit(
                    db,
                    viewer,
                    Operation::Import,
                    E::NODE,
                    id,
                    Some(&before),
                    Some(&model),
                )
                .await?;
                *report.updated.entry(table.to_owned()).or_default() += 1;
            }
            None => {
                model.clone().into_active_model().insert(db).await?;
                audit(
                    db,
                    viewer,
                    Operation::Import,
                    E::NODE,
                    id,
                    None,
                    Some(&model),
                )
                .await?;
                *report.created.entry(table.to_owned()).or_default() += 1;
            }
        }
    }
    Ok(())
}

/// Orders branches so that each comes after its parent (when the parent is in the file).
fn sort_parents_first<M: Serialize>(models: &mut Vec<M>) {
    let parent_of = |m: &M| {
        let value = serde_json::to_value(m).ok()?;
        Some((
            value.get("id")?.as_str()?.to_owned(),
            value
                .get("parent_id")
                .and_then(Value::as_str)
                .map(str::to_owned),
        ))
    };
    let mut pending: Vec<M> = std::mem::take(models);
    let mut placed: HashSet<String> = HashSet::new();
    let in_file: HashSet<String> = pending
        .iter()
        .filter_map(|m| parent_of(m).map(|(id, _)| id))
        .collect();
    while !pending.is_empty() {
        let (ready, rest): (Vec<M>, Vec<M>) =
            pending.into_iter().partition(|m| match parent_of(m) {
                Some((_, Some(parent))) => !in_file.contains(&parent) || placed.contains(&parent),
                _ => true,
            });
        if ready.is_empty() {
            // A cycle: keep the rest as they are; the database refuses what it must.
            models.extend(rest);
            return;
        }
        placed.extend(ready.iter().filter_map(|m| parent_of(m).map(|(id, _)| id)));
        models.extend(ready);
        pending = rest;
    }
}

/// Imports `dataset` as one transaction: all of it or, on any error, nothing.
pub async fn import(
    db: &DatabaseConnection,
    viewer: Viewer,
    mut dataset: Dataset,
) -> AppResult<ImportReport> {
    require_writer(viewer)?;
    if viewer.role != crate::service::access::Role::Admin {
        return Err(AppError::Forbidden(
            "importing a dataset is for admins".into(),
        ));
    }
    check(&mut dataset)?;
    let txn = crate::service::write::begin_write(db).await?;
    check_references(&txn, &dataset).await?;
    let mut report = ImportReport::default();
    let mut renamed: Vec<Uuid> = Vec::new();
    for table in TABLES {
        let Some(rows) = dataset.tables.remove(*table) else {
            continue;
        };
        let subjects: Vec<Uuid> = rows
            .iter()
            .filter_map(|r| {
                let key = if *table == "alias" {
                    "subject_id"
                } else {
                    "id"
                };
                r.get(key)?.as_str().and_then(|i| Uuid::parse_str(i).ok())
            })
            .collect();
        let before = report.clone();
        import_table(&txn, viewer, table, rows, &mut report).await?;
        let named = crate::service::search::NAMED
            .iter()
            .any(|(t, _)| t.table() == *table)
            || *table == "alias";
        if named && report != before {
            renamed.extend(subjects);
        }
    }
    renamed.sort();
    renamed.dedup();
    crate::service::search::reindex(&txn, &renamed).await?;
    txn.commit().await?;
    Ok(report)
}
