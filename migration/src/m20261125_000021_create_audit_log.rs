use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per write, in the write's own transaction: who, when (created_at), what,
        // and the record's JSON before and after. Never updated, never deleted.
        TableBuilder::new(manager, AuditLog::Table)
            .col(uuid_null(AuditLog::KeyId))
            .col(string_len_null(AuditLog::KeyName, 255))
            .col(string_len(AuditLog::Role, 16))
            .col(string_len(AuditLog::Operation, 16))
            .col(string_len(AuditLog::RecordType, 32))
            .col(uuid(AuditLog::RecordId))
            .index(AuditLog::RecordId)
            .col(text_null(AuditLog::Before))
            .col(text_null(AuditLog::After))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, AuditLog::Table).await
    }
}

#[derive(DeriveIden)]
pub enum AuditLog {
    Table,
    KeyId,
    KeyName,
    Role,
    Operation,
    RecordType,
    RecordId,
    Before,
    After,
}
