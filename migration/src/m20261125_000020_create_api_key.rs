use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Only a SHA-256 of each key is stored; the prefix (unique, indexed) finds the row,
        // the hash is then compared in constant time.
        TableBuilder::new(manager, ApiKey::Table)
            .col(string_len(ApiKey::Name, 255))
            .col(string_len(ApiKey::Role, 16))
            .col(string_len_uniq(ApiKey::Prefix, 32))
            .col(string_len(ApiKey::KeyHash, 64))
            .timestamp_null(ApiKey::RevokedAt)
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, ApiKey::Table).await
    }
}

#[derive(DeriveIden)]
pub enum ApiKey {
    Table,
    Name,
    Role,
    Prefix,
    KeyHash,
    RevokedAt,
}
