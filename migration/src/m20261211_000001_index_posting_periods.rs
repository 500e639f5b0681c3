//! An index on a branch's postings by period, for "who was in this branch at a date"
//! (`Branch.personnel(at:)`): a large branch's postings are reached by their period's
//! outer bounds instead of all being read. A person's or a facility's few rows need
//! none beyond their foreign keys.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posting {
    Table,
    BranchId,
    PeriodEarliest,
    PeriodLatest,
}

const INDEX: &str = "idx_posting_branch_period";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Posting::Table)
                    .col(Posting::BranchId)
                    .col(Posting::PeriodEarliest)
                    .col(Posting::PeriodLatest)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(INDEX).table(Posting::Table).to_owned())
            .await
    }
}
