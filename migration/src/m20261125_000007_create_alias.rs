use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Alias::Table)
            .col(string_len(Alias::SubjectType, 32))
            .col(uuid(Alias::SubjectId))
            .index(Alias::SubjectId)
            .col(string_len(Alias::Name, 255))
            .index(Alias::Name)
            .col(string_len_null(Alias::Language, 16))
            .col(string_len_null(Alias::Script, 8))
            .col(string_len(Alias::Kind, 32))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Alias::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Alias {
    Table,
    SubjectType,
    SubjectId,
    Name,
    Language,
    Script,
    Kind,
}
