//! Every record with text a reader sees gets its texts in other languages: one JSON value
//! per (field, language) with its status and translator, in a `translations` column of
//! the row (see `src/service/translations.rs`). A column rather than a table of rows:
//! the loaders fetch it with the record, so a language costs no statement, and a new
//! language is a new key, not a migration.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose records have translatable text (aliases are names as written, and
/// event links have no text).
const TABLES: [&str; 16] = [
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
    "sanction",
    "testimony",
    "citation",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(ColumnDef::new(Alias::new("translations")).text().null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .drop_column(Alias::new("translations"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
