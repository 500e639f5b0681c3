//! The built-in dataset, made from the documents in `shared/seeds/`. Record ids are
//! UUID v5 of (section, key), so every instance gives the built-in records the same
//! ids and loading is idempotent: records already present are left as they are.

mod dataset;
mod records;
mod texts;
mod translations;

use sea_orm::{DatabaseConnection, DbErr, EntityTrait, PaginatorTrait};

use crate::error::AppError;
use crate::service::access::{Role, Viewer};
use crate::service::bulk::{self, Mode};
use crate::service::write::Operation;

pub use records::{Records, seed_id};

/// The dataset, compiled into the binary.
const DATASET_JSON: &str = include_str!("dataset.json");

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the built-in dataset is invalid: {0}")]
    Invalid(String),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("the built-in dataset could not be loaded: {0}")]
    Write(String),
}

impl From<AppError> for SeedError {
    fn from(err: AppError) -> Self {
        match err {
            AppError::Internal(_) | AppError::Unavailable(_) => {
                tracing::error!(error = ?err, "loading the built-in dataset failed");
                SeedError::Write(err.message())
            }
            other => SeedError::Invalid(other.message()),
        }
    }
}

/// What one load did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    /// Built-in records stored for the first time.
    pub inserted: u64,
    /// Built-in records brought up to date with a corrected dataset (never ones an
    /// editor has changed).
    pub updated: u64,
    pub already_present: u64,
    /// Built-in records the dataset corrects but an editor has changed: left as they are,
    /// for an editor to compare.
    pub kept_edited: u64,
}

/// Parses and checks the dataset (references resolve, dates are EDTF, every record cited).
pub fn records() -> Result<Records, SeedError> {
    let dataset: dataset::Dataset =
        serde_json::from_str(DATASET_JSON).map_err(|e| SeedError::Invalid(e.to_string()))?;
    records::build(dataset, chrono::Utc::now()).map_err(SeedError::Invalid)
}

/// The reason the audit log gives for the built-in data's writes.
pub const SEED_REASON: &str =
    "the built-in dataset (src/seed/dataset.json), from the sources in shared/seeds";

/// Loads the built-in dataset in one transaction, through the door every write goes
/// through, with the seed documents in `store` as its sources' captures: missing records
/// are inserted, and built-in records that a newer dataset
/// corrects are updated unless an editor has changed them since.
pub async fn load(
    db: &DatabaseConnection,
    store: &crate::evidence::Store,
) -> Result<SeedReport, SeedError> {
    // The seed documents go into the evidence store first: their captures name them.
    for text in texts::all() {
        store.put(text).map_err(|e| {
            SeedError::Write(format!("the evidence store could not be written: {e}"))
        })?;
    }
    let translations = translations::by_record().map_err(SeedError::Invalid)?;
    let rows = records()?
        .into_rows(&translations)
        .map_err(|e| SeedError::Invalid(e.to_string()))?;
    // A value whose collection and key name no record would be dropped unseen.
    let ids: std::collections::HashSet<&str> = rows
        .values()
        .flatten()
        .filter_map(|row| row.get("id").and_then(|id| id.as_str()))
        .collect();
    if let Some(id) = translations
        .keys()
        .find(|id| !ids.contains(id.to_string().as_str()))
    {
        return Err(SeedError::Invalid(format!(
            "translations.json names a record that is not in the dataset (id {id})"
        )));
    }
    let txn = crate::service::write::begin_write(db).await?;
    // Their texts first: the door checks the built-in citations' pinpoints against them.
    for text in texts::all() {
        if let Some(kept) = crate::service::capture_texts::text_of(texts::MEDIA_TYPE, text) {
            crate::service::capture_texts::keep(&txn, &crate::evidence::sha256_of(text), &kept)
                .await?;
        }
    }
    let author = crate::service::write::Author {
        viewer: Viewer::with_role(Role::Admin),
        reason: Some(SEED_REASON.to_owned()),
    };
    let report =
        bulk::write_rows(&txn, &author, Operation::Seed, Mode::UpdateUnedited, rows).await?;
    txn.commit().await?;
    let report = SeedReport {
        inserted: report.created.values().sum(),
        updated: report.updated.values().sum(),
        already_present: report.unchanged,
        kept_edited: report.kept_edited,
    };
    tracing::info!(
        inserted = report.inserted,
        updated = report.updated,
        already_present = report.already_present,
        "built-in dataset loaded"
    );
    if report.kept_edited > 0 {
        tracing::warn!(
            kept_edited = report.kept_edited,
            "built-in records the dataset corrects were left as editors changed them; compare them with the dataset"
        );
    }
    Ok(report)
}

/// Whether the database holds the built-in data (it was seeded once), so that a newer
/// release's corrections should reach it.
pub async fn holds_built_in_data(db: &DatabaseConnection) -> Result<bool, DbErr> {
    let marker = seed_id("source", "encyclopedia-al-khatib-prison");
    Ok(entity::source::Entity::find_by_id(marker)
        .one(db)
        .await?
        .is_some())
}

/// Whether the database holds no records yet (a fresh install, to be seeded).
pub async fn is_empty(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(entity::source::Entity::find().count(db).await? == 0
        && entity::facility::Entity::find().count(db).await? == 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_dataset_is_valid() {
        let records = super::records().unwrap();
        assert!(records.len() > 100, "{}", records.len());
    }
}
