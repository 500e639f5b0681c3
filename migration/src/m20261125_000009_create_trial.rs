use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000002_create_organization::Organization;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Trial::Table)
            .slug()
            .col(string_len(Trial::Name, 255))
            .col(uuid_null(Trial::CourtId))
            .foreign_key(Trial::CourtId, Organization::Table)
            .col(string_len_null(Trial::Country, 2))
            .col(string_len_null(Trial::LegalBasis, 64))
            .col(string_len_null(Trial::CaseReference, 128))
            .edtf(Trial::Period)
            .col(string_len(Trial::Status, 16))
            .col(text_null(Trial::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Trial::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Trial {
    Table,
    Name,
    CourtId,
    Country,
    LegalBasis,
    CaseReference,
    Period,
    Status,
    Description,
}
