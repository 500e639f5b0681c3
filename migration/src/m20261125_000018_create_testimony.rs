use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000004_create_facility::Facility;
use crate::m20261125_000006_create_person::Person;
use crate::m20261125_000009_create_trial::Trial;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Testimony::Table)
            .col(uuid(Testimony::WitnessId))
            .foreign_key(Testimony::WitnessId, Person::Table)
            .col(uuid_null(Testimony::TrialId))
            .foreign_key(Testimony::TrialId, Trial::Table)
            .col(uuid_null(Testimony::FacilityId))
            .foreign_key(Testimony::FacilityId, Facility::Table)
            .col(text(Testimony::Summary))
            .edtf(Testimony::Given)
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Testimony::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Testimony {
    Table,
    WitnessId,
    TrialId,
    FacilityId,
    Summary,
    Given,
}
