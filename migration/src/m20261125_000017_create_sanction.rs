use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000002_create_organization::Organization;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Sanction::Table)
            .col(string_len(Sanction::TargetType, 16))
            .col(uuid(Sanction::TargetId))
            .index(Sanction::TargetId)
            .col(uuid_null(Sanction::AuthorityId))
            .foreign_key(Sanction::AuthorityId, Organization::Table)
            .col(string_len_null(Sanction::AuthorityName, 255))
            .col(string_len_null(Sanction::Program, 255))
            .edtf(Sanction::Listed)
            .col(text_null(Sanction::Description))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, Sanction::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Sanction {
    Table,
    TargetType,
    TargetId,
    AuthorityId,
    AuthorityName,
    Program,
    Listed,
    Description,
}
