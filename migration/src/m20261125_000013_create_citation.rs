use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000012_create_source::Source;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Citation::Table)
            .col(uuid(Citation::SourceId))
            .foreign_key(Citation::SourceId, Source::Table)
            .col(string_len(Citation::SubjectType, 32))
            .col(uuid(Citation::SubjectId))
            .index(Citation::SubjectId)
            .col(string_len_null(Citation::Field, 64))
            .col(string_len_null(Citation::Locator, 255))
            .col(text_null(Citation::Quote))
            .col(string_len(Citation::Confidence, 8))
            .col(string_len(Citation::Status, 16).default("accepted"))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Citation::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Citation {
    Table,
    SourceId,
    SubjectType,
    SubjectId,
    Field,
    Locator,
    Quote,
    Confidence,
    Status,
}
