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
const RECORD_TABLES: [&str; 18] = [
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

/// Creates `<table>_version`, an empty copy of `table`'s columns with the instants a
/// version held from and until, and its indexes. A migration that creates a record
/// table calls it too.
pub(crate) async fn create_version_table(
    manager: &SchemaManager<'_>,
    table: &str,
) -> Result<(), DbErr> {
    let versions = format!("{table}_version");
    // The instants take the types of the record's own `created_at` (never null) and
    // `archived_at` (nullable).
    manager
        .get_connection()
        .execute_unprepared(&format!(
            "CREATE TABLE {versions} AS SELECT {table}.*, {table}.created_at AS valid_from, {table}.archived_at AS valid_to FROM {table} WHERE 1 = 0"
        ))
        .await?;
    for (suffix, columns) in [
        ("id", ["id", "valid_from"]),
        ("valid", ["valid_from", "valid_to"]),
    ] {
        let mut index = Index::create();
        index
            .name(format!("idx_{versions}_{suffix}"))
            .table(Alias::new(versions.as_str()));
        for column in columns {
            index.col(Alias::new(column));
        }
        manager.create_index(index.to_owned()).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in RECORD_TABLES {
            create_version_table(manager, table).await?;
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
