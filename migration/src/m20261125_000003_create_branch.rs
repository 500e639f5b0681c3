use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000001_create_agency::Agency;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Branch::Table)
            .slug()
            .col(string_len(Branch::Name, 255))
            .index(Branch::Name)
            .col(string_len_null(Branch::Number, 32))
            .col(string_len_null(Branch::Kind, 32))
            .col(uuid(Branch::AgencyId))
            .foreign_key(Branch::AgencyId, Agency::Table)
            .col(uuid_null(Branch::ParentId))
            .foreign_key(Branch::ParentId, Branch::Table)
            .col(string_len_null(Branch::City, 128))
            .col(text_null(Branch::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Branch::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Branch {
    Table,
    Name,
    Number,
    Kind,
    AgencyId,
    ParentId,
    City,
    Description,
}
