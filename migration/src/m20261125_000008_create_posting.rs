use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000003_create_branch::Branch;
use crate::m20261125_000006_create_person::Person;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Posting::Table)
            .col(uuid(Posting::PersonId))
            .foreign_key(Posting::PersonId, Person::Table)
            .col(uuid(Posting::BranchId))
            .foreign_key(Posting::BranchId, Branch::Table)
            .col(string_len(Posting::Role, 64))
            .col(text_null(Posting::Title))
            .col(string_len_null(Posting::Rank, 64))
            .edtf(Posting::Period)
            .col(text_null(Posting::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Posting::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Posting {
    Table,
    PersonId,
    BranchId,
    Role,
    Title,
    Rank,
    Period,
    Description,
}
