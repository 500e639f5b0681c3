use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Person::Table)
            .slug()
            .col(string_len(Person::Name, 255))
            .index(Person::Name)
            .col(string_len(Person::Roles, 255).default(""))
            .col(string_len_null(Person::Gender, 16))
            .col(string_len_null(Person::BirthDate, 64))
            .col(string_len_null(Person::Nationality, 2))
            .col(text_null(Person::Description))
            .col(text_null(Person::Notes))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Person::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Person {
    Table,
    Name,
    Roles,
    Gender,
    BirthDate,
    Nationality,
    Description,
    Notes,
}
