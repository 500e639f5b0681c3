use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000015_create_event::Event;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, EventLink::Table)
            .col(uuid(EventLink::EventId))
            .foreign_key(EventLink::EventId, Event::Table)
            .col(string_len(EventLink::SubjectType, 32))
            .col(uuid(EventLink::SubjectId))
            .index(EventLink::SubjectId)
            .col(string_len_null(EventLink::Role, 32))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, EventLink::Table).await
    }
}

#[derive(DeriveIden)]
pub enum EventLink {
    Table,
    EventId,
    SubjectType,
    SubjectId,
    Role,
}
