//! One row that every write transaction locks first (`SELECT … FOR UPDATE`), so that
//! writes run one after another on PostgreSQL and MariaDB as they do on SQLite. A write
//! derives visibility from the rows around it; two at once could each miss the other's
//! change (a posting stored public while its person is being restricted).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WriteLock {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WriteLock::Table)
                    .col(
                        ColumnDef::new(WriteLock::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(WriteLock::Table)
                    .columns([WriteLock::Id])
                    .values_panic([1.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WriteLock::Table).to_owned())
            .await
    }
}
