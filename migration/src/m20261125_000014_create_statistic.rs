use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000002_create_organization::Organization;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Statistic::Table)
            .col(string_len(Statistic::Metric, 64))
            .col(big_integer_null(Statistic::ValueMin))
            .col(big_integer_null(Statistic::ValueMax))
            .col(string_len(Statistic::Approximation, 16).default("exact"))
            .col(string_len(Statistic::Unit, 32).default("persons"))
            .edtf(Statistic::Period)
            .col(string_len(Statistic::SubjectType, 16))
            .col(uuid_null(Statistic::SubjectId))
            .index(Statistic::SubjectId)
            .col(string_len_null(Statistic::Country, 2))
            .col(uuid_null(Statistic::ClaimantId))
            .foreign_key(Statistic::ClaimantId, Organization::Table)
            .col(text_null(Statistic::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Statistic::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Statistic {
    Table,
    Metric,
    ValueMin,
    ValueMax,
    Approximation,
    Unit,
    Period,
    SubjectType,
    SubjectId,
    Country,
    ClaimantId,
    Description,
}
