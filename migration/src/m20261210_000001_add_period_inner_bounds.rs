//! The inner bounds of a fuzzy period, beside its outer ones: the last day a posting or
//! a facility's operation can have begun and the first day it can have ended. With
//! them a reader asks who was *certainly* somewhere at a date, not only who may have
//! been (`src/period.rs`). The application computes them from the EDTF text when a
//! record is written; for rows already stored, `daleel migrate` (start-up) fills them
//! (EDTF is parsed in Rust, not here).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posting {
    Table,
}

#[derive(DeriveIden)]
enum FacilityOperation {
    Table,
}

#[derive(DeriveIden)]
enum Bound {
    PeriodStartLatest,
    PeriodEndEarliest,
}

fn tables() -> [DynIden; 2] {
    [
        Posting::Table.into_iden(),
        FacilityOperation::Table.into_iden(),
    ]
}

/// Alters each table once per bound column (SQLite alters one column per statement).
async fn each_column(
    manager: &SchemaManager<'_>,
    alter: impl Fn(&mut TableAlterStatement, Bound),
) -> Result<(), DbErr> {
    for table in tables() {
        for column in [Bound::PeriodStartLatest, Bound::PeriodEndEarliest] {
            let mut statement = Table::alter();
            statement.table(table.clone());
            alter(&mut statement, column);
            manager.alter_table(statement).await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        each_column(manager, |alter, column| {
            alter.add_column(date_null(column));
        })
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        each_column(manager, |alter, column| {
            alter.drop_column(column);
        })
        .await
    }
}
