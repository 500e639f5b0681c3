use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Agency::Table)
            .slug()
            .col(string_len(Agency::Name, 255))
            .index(Agency::Name)
            .col(string_len_null(Agency::Abbreviation, 32))
            .col(string_len_null(Agency::Kind, 32))
            .col(string_len_null(Agency::Country, 2))
            .col(text_null(Agency::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Agency::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Agency {
    Table,
    Name,
    Abbreviation,
    Kind,
    Country,
    Description,
}
