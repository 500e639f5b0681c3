use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000003_create_branch::Branch;
use crate::m20261125_000004_create_facility::Facility;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, FacilityOperation::Table)
            .col(uuid(FacilityOperation::FacilityId))
            .foreign_key(FacilityOperation::FacilityId, Facility::Table)
            .col(uuid(FacilityOperation::BranchId))
            .foreign_key(FacilityOperation::BranchId, Branch::Table)
            .edtf(FacilityOperation::Period)
            .col(text_null(FacilityOperation::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, FacilityOperation::Table).await
    }
}

#[derive(DeriveIden)]
pub enum FacilityOperation {
    Table,
    FacilityId,
    BranchId,
    Period,
    Description,
}
