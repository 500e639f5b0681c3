//! The built-in dataset, made from the documents in `shared/seeds/`. Record ids are
//! UUID v5 of (section, key), so every instance gives the built-in records the same
//! ids and loading is idempotent: records already present are left as they are.

mod dataset;
mod records;

use sea_orm::{DatabaseConnection, DbErr, EntityTrait, PaginatorTrait};

pub use records::{Records, seed_id};

/// The dataset, compiled into the binary.
const DATASET_JSON: &str = include_str!("dataset.json");

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the built-in dataset is invalid: {0}")]
    Invalid(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What one load did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub inserted: u64,
    pub already_present: u64,
}

/// Parses and checks the dataset (references resolve, dates are EDTF, every record cited).
pub fn records() -> Result<Records, SeedError> {
    let dataset: dataset::Dataset =
        serde_json::from_str(DATASET_JSON).map_err(|e| SeedError::Invalid(e.to_string()))?;
    records::build(dataset, chrono::Utc::now()).map_err(SeedError::Invalid)
}

/// Loads the built-in dataset in one transaction, inserting only what is missing.
pub async fn load(db: &DatabaseConnection) -> Result<SeedReport, SeedError> {
    let records = records()?;
    let txn = crate::service::write::begin_write(db).await?;
    let report = records.insert_missing(&txn).await?;
    txn.commit().await?;
    tracing::info!(
        inserted = report.inserted,
        already_present = report.already_present,
        "built-in dataset loaded"
    );
    Ok(report)
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
