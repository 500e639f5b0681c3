use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000006_create_person::Person;
use crate::m20261125_000009_create_trial::Trial;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Verdict::Table)
            .col(uuid(Verdict::TrialId))
            .foreign_key(Verdict::TrialId, Trial::Table)
            .col(uuid(Verdict::PersonId))
            .foreign_key(Verdict::PersonId, Person::Table)
            .edtf(Verdict::Date)
            .col(string_len(Verdict::Outcome, 32))
            .col(text_null(Verdict::Sentence))
            .col(integer_null(Verdict::SentenceMonths))
            .col(boolean(Verdict::LifeSentence).default(false))
            .col(string_len_null(Verdict::AppealStatus, 32))
            .col(text_null(Verdict::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Verdict::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Verdict {
    Table,
    TrialId,
    PersonId,
    Date,
    Outcome,
    Sentence,
    SentenceMonths,
    LifeSentence,
    AppealStatus,
    Description,
}
