use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000002_create_organization::Organization;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Source::Table)
            .slug()
            .col(text(Source::Title))
            .col(uuid_null(Source::PublisherId))
            .foreign_key(Source::PublisherId, Organization::Table)
            .col(string_len_null(Source::PublisherName, 255))
            .col(string_len(Source::Kind, 32))
            .col(string_len_null(Source::Language, 16))
            .edtf(Source::Published)
            .col(text_null(Source::Url))
            .col(string_len_null(Source::ArchiveRef, 255))
            .col(text_null(Source::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Source::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Source {
    Table,
    Title,
    PublisherId,
    PublisherName,
    Kind,
    Language,
    Published,
    Url,
    ArchiveRef,
    Description,
}
