use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Organization::Table)
            .slug()
            .col(string_len(Organization::Name, 255))
            .index(Organization::Name)
            .col(string_len_null(Organization::Abbreviation, 32))
            .col(string_len(Organization::Kind, 32))
            .col(string_len_null(Organization::Country, 2))
            .col(text_null(Organization::Url))
            .col(text_null(Organization::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Organization::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Organization {
    Table,
    Name,
    Abbreviation,
    Kind,
    Country,
    Url,
    Description,
}
