//! Every record type's versions, as rows: `<table>_version` holds each version of a
//! record with all of the record's columns and the instants it held from
//! (`valid_from`) and until (`valid_to`, null while it is the current one). The door
//! writes them beside the audit log; reading "as of an instant" (`asOf`) reads them in
//! place of the live table, so every list, filter and relation can be asked as it was.
//!
//! Each table is created as an empty copy of its record table (`CREATE TABLE … AS
//! SELECT … WHERE 1 = 0`, which all three databases accept), so its columns have the
//! record's own types; a later migration that adds a column to a record table adds it
//! to the version table too (docs/data-model.md). Existing records' versions are
//! rebuilt from the audit log when the server starts (`service::versions::backfill`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The record tables as of this migration (`src/records.rs`).
pub const RECORD_TABLES: [&str; 18] = [
    "organization",
    "source",
    "agency",
    "branch",
    "facility",
    "facility_operation",
    "person",
    "posting",
    "trial",
    "verdict",
    "charge",
    "statistic",
    "event",
    "event_link",
    "sanction",
    "testimony",
    "alias",
    "citation",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in RECORD_TABLES {
            let versions = format!("{table}_version");
            // The instants take the types of the record's own `created_at` (never null)
            // and `archived_at` (nullable).
            db.execute_unprepared(&format!(
                "CREATE TABLE {versions} AS SELECT {table}.*, {table}.created_at AS valid_from, {table}.archived_at AS valid_to FROM {table} WHERE 1 = 0"
            ))
            .await?;
            manager
                .create_index(
                    Index::create()
                        .name(format!("idx_{versions}_id"))
                        .table(Alias::new(versions.as_str()))
                        .col(Alias::new("id"))
                        .col(Alias::new("valid_from"))
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name(format!("idx_{versions}_valid"))
                        .table(Alias::new(versions.as_str()))
                        .col(Alias::new("valid_from"))
                        .col(Alias::new("valid_to"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in RECORD_TABLES {
            manager
                .drop_table(
                    Table::drop()
                        .table(Alias::new(format!("{table}_version")))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
