//! `write_lock.version`: the data version. Every write transaction advances it as it
//! takes the write lock, so a reader can tell in one tiny read whether anything changed
//! since an answer was made (HTTP `ETag`s and the response cache are made from it). It
//! lives in the database, not in a process, so every server in front of one PostgreSQL
//! primary and its replicas sees the same version.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WriteLock {
    Table,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(WriteLock::Table)
                    .add_column(big_integer(WriteLock::Version).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(WriteLock::Table)
                    .drop_column(WriteLock::Version)
                    .to_owned(),
            )
            .await
    }
}
