//! Every record gets the visibility readers are filtered by, derived from its own and
//! from every record it is about (see `src/service/visibility.rs`). The column starts
//! empty; daleel computes it on start-up for rows that have none, and an empty value
//! hides the row from every reader until then.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables that hold records or rows read like records.
const TABLES: [&str; 20] = [
    "agency",
    "organization",
    "branch",
    "facility",
    "facility_operation",
    "person",
    "alias",
    "posting",
    "trial",
    "verdict",
    "charge",
    "source",
    "citation",
    "statistic",
    "event",
    "event_link",
    "sanction",
    "testimony",
    "name_key",
    "audit_log",
];

/// Tables whose rows are not derived from other records: they keep their own visibility.
const SELF_DERIVED: [&str; 1] = ["audit_log"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(
                            ColumnDef::new(Alias::new("effective_visibility"))
                                .string_len(16)
                                .null(),
                        )
                        .to_owned(),
                )
                .await?;
        }
        for table in SELF_DERIVED {
            manager
                .exec_stmt(
                    Query::update()
                        .table(Alias::new(table))
                        .value(
                            Alias::new("effective_visibility"),
                            Expr::col(Alias::new("visibility")),
                        )
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
                        .drop_column(Alias::new("effective_visibility"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
