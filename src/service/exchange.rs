//! Export and import of the whole record in a documented, versioned JSON format that
//! keeps every id, so partners can exchange data (`docs/exchange-format.md`).
//!
//! An import goes through the same door as every write (`service::bulk`): one
//! transaction, each row checked by its type's rules, a failure naming the table, the
//! record and the field and changing nothing. Importing the same file twice changes
//! nothing. The tables are those of the table of record types (`records.rs`).

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DatabaseConnection, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::records::on_record_type;
use crate::service::access::{Role, Viewer};
use crate::service::bulk::{self, Mode, Report, Rows};
use crate::service::records::Kind;
use crate::service::translations;
use crate::service::write::{Author, Operation, begin_write, require_writer};

/// The format's name, in every file.
pub const FORMAT: &str = "daleel-dataset";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;

/// A whole dataset: rows of each table sorted by id (an import writes tables in
/// dependency order whatever their order in the file).
#[derive(Debug, Serialize, Deserialize)]
pub struct Dataset {
    pub format: String,
    pub version: u32,
    pub tables: BTreeMap<String, Vec<Value>>,
}

/// What an import did, per table.
pub type ImportReport = Report;

/// The columns an export leaves out: derived by the server that stores the rows.
const DERIVED: [&str; 1] = ["effective_visibility"];

/// The columns `viewer` may not read of a record of `E`: written as null.
pub(crate) fn hidden_columns<E: Kind>(viewer: Option<Viewer>) -> &'static [&'static str] {
    match viewer {
        Some(viewer) if !viewer.role.reads_sensitive_fields() => E::SENSITIVE,
        _ => &[],
    }
}

/// One record as a file carries it: without derived columns, with `hidden` columns null.
pub(crate) fn row_of<E: Kind>(m: &E::Model, hidden: &[&str]) -> AppResult<Value> {
    let mut value = serde_json::to_value(m).map_err(AppError::internal)?;
    if let Some(object) = value.as_object_mut() {
        for column in DERIVED {
            object.remove(column);
        }
        for column in hidden {
            object.insert((*column).to_owned(), Value::Null);
        }
        // Translations travel as JSON, not as JSON inside a string, and only as
        // readers get them: a stored value the door would refuse (written around
        // it; `daleel check` finds it) is read as none, never published as is.
        if object.contains_key(translations::COLUMN) {
            let read = translations::of::<E>(m);
            let value = match read.stored() {
                Some(_) => serde_json::to_value(&read).map_err(AppError::internal)?,
                None => Value::Null,
            };
            object.insert(translations::COLUMN.to_owned(), value);
        }
    }
    Ok(value)
}

/// The rows of one table, sorted by id; with `viewer`, only those it may see, without
/// the columns it may not read.
async fn rows_of<E: Kind, C: ConnectionTrait>(
    db: &C,
    viewer: Option<Viewer>,
) -> AppResult<Vec<Value>> {
    let hidden = hidden_columns::<E>(viewer);
    let mut select = E::find().order_by_asc(E::id_col());
    if let Some(viewer) = viewer {
        select = select.filter(viewer.can_see((E::default(), E::effective_col())));
    }
    let models = select.all(db).await?;
    models.iter().map(|m| row_of::<E>(m, hidden)).collect()
}

/// Every record, ids kept. Without `viewer` the whole record, archived rows included (an
/// export is also a backup); with a viewer (`daleel export --role public`), only what
/// that role may read: a dataset that can be published or shared as it is.
pub async fn export<C: ConnectionTrait>(db: &C, viewer: Option<Viewer>) -> AppResult<Dataset> {
    let mut tables = BTreeMap::new();
    for &node in NodeType::RECORDS {
        let rows =
            on_record_type!(node, E => rows_of::<E, C>(db, viewer).await?, otherwise => Vec::new());
        tables.insert(node.table().to_owned(), rows);
    }
    Ok(Dataset {
        format: FORMAT.into(),
        version: VERSION,
        tables,
    })
}

/// The tables of `dataset` by record type, after checking the format and version.
fn rows(dataset: Dataset) -> AppResult<Rows> {
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
    let mut rows = Rows::new();
    for (table, table_rows) in dataset.tables {
        let node = NodeType::from_table(&table)
            .filter(|n| NodeType::RECORDS.contains(n))
            .ok_or_else(|| {
                let known: Vec<&str> = NodeType::RECORDS.iter().map(|n| n.table()).collect();
                AppError::bad_input(format!(
                    "unknown table `{table}`; known: {}",
                    known.join(", ")
                ))
            })?;
        let table_rows = table_rows
            .into_iter()
            .map(|mut row| {
                // Stored as text; a file carries them as JSON (see `rows_of`).
                if let Some(object) = row.as_object_mut()
                    && let Some(value @ (Value::Object(_) | Value::Array(_))) =
                        object.get(translations::COLUMN)
                {
                    let text = value.to_string();
                    object.insert(translations::COLUMN.to_owned(), Value::String(text));
                }
                row
            })
            .collect();
        rows.insert(node, table_rows);
    }
    Ok(rows)
}

/// Imports `dataset` as one transaction: all of it or, on any error, nothing.
pub async fn import(
    db: &DatabaseConnection,
    store: &crate::evidence::Store,
    author: impl Into<Author>,
    dataset: Dataset,
) -> AppResult<ImportReport> {
    let mut author = author.into();
    author
        .reason
        .get_or_insert_with(|| "an import in the exchange format".to_owned());
    may_import(&author)?;
    let txn = begin_write(db).await?;
    let report = import_in(&txn, store, &author, dataset).await?;
    txn.commit().await?;
    Ok(report)
}

/// Imports `dataset` in the caller's transaction (a bundle's import writes its chain of
/// custody in the same one). The caller has checked that `author` may import. The
/// texts of its text captures whose content is in `store` are kept first: the door
/// checks citations' pinpoints against them.
pub async fn import_in(
    txn: &sea_orm::DatabaseTransaction,
    store: &crate::evidence::Store,
    author: &Author,
    dataset: Dataset,
) -> AppResult<ImportReport> {
    for row in dataset.tables.get("capture").into_iter().flatten() {
        let field = |name: &str| row.get(name).and_then(|s| s.as_str()).unwrap_or_default();
        crate::service::capture_texts::keep_stored(
            txn,
            store,
            field("sha256"),
            field("media_type"),
        )
        .await?;
    }
    let rows = rows(dataset)?;
    bulk::write_rows(txn, author, Operation::Import, Mode::Replace, rows).await
}

/// Whether `author` may import a dataset: admins only.
pub fn may_import(author: &Author) -> AppResult<()> {
    require_writer(author.viewer)?;
    if author.viewer.role != Role::Admin {
        return Err(AppError::Forbidden(
            "importing a dataset is for admins".into(),
        ));
    }
    Ok(())
}
