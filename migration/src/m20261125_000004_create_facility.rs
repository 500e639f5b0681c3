use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Facility::Table)
            .slug()
            .col(string_len(Facility::Name, 255))
            .index(Facility::Name)
            .col(string_len(Facility::Kind, 32))
            .col(string_len(Facility::Status, 16))
            .col(text_null(Facility::Address))
            .col(string_len_null(Facility::Neighbourhood, 128))
            .col(string_len_null(Facility::City, 128))
            .col(string_len_null(Facility::Region, 128))
            .col(string_len_null(Facility::Country, 2))
            .col(double_null(Facility::Latitude))
            .col(double_null(Facility::Longitude))
            .col(string_len_null(Facility::LocationPrecision, 16))
            .edtf(Facility::Opened)
            .edtf(Facility::Closed)
            .col(text_null(Facility::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Facility::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Facility {
    Table,
    Name,
    Kind,
    Status,
    Address,
    Neighbourhood,
    City,
    Region,
    Country,
    Latitude,
    Longitude,
    LocationPrecision,
    Opened,
    Closed,
    Description,
}
