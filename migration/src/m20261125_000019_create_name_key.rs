use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // `key` and `skeleton` are indexed, so they stay string(255) rather than text:
        // MariaDB cannot index a TEXT column without a prefix length, and 255 utf8mb4
        // characters (1020 bytes) fit InnoDB's 3072-byte key limit.
        TableBuilder::new(manager, NameKey::Table)
            .col(string_len(NameKey::SubjectType, 32))
            .col(uuid(NameKey::SubjectId))
            .index(NameKey::SubjectId)
            .col(uuid_null(NameKey::AliasId))
            .col(string_len(NameKey::Name, 255))
            .col(string_len(NameKey::Key, 255))
            .index(NameKey::Key)
            .col(string_len(NameKey::Skeleton, 255))
            .index(NameKey::Skeleton)
            .col(boolean(NameKey::FullMatch))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, NameKey::Table).await
    }
}

#[derive(DeriveIden)]
pub enum NameKey {
    Table,
    SubjectType,
    SubjectId,
    AliasId,
    Name,
    Key,
    Skeleton,
    FullMatch,
}
