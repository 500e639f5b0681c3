use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Event::Table)
            .col(string_len(Event::Kind, 32))
            .col(string_len(Event::Title, 255))
            .edtf(Event::Date)
            .col(text_null(Event::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Event::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Event {
    Table,
    Kind,
    Title,
    Date,
    Description,
}
