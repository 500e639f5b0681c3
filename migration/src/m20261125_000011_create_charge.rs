use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000010_create_verdict::Verdict;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Charge::Table)
            .col(uuid(Charge::VerdictId))
            .foreign_key(Charge::VerdictId, Verdict::Table)
            .col(text(Charge::Crime))
            .col(text_null(Charge::LegalProvision))
            .col(integer_null(Charge::Count))
            .col(string_len(Charge::Disposition, 16))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Charge::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Charge {
    Table,
    VerdictId,
    Crime,
    LegalProvision,
    Count,
    Disposition,
}
