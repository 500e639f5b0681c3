//! `posting.person_name`: a copy of the posting's person's name, indexed after the
//! branch, so that a branch's first officers by name are one index range rather than
//! every posting of the branch sorted (the dashboard's costliest read at scale). The
//! application keeps it in each write's transaction (`src/service/sort_copy.rs`); this
//! fills it for the postings already stored.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posting {
    Table,
    PersonId,
    BranchId,
    PersonName,
    EffectiveVisibility,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
    Name,
}

const INDEX: &str = "idx_posting_branch_person_name";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Posting::Table)
                    .add_column(string_len_null(Posting::PersonName, 255))
                    .to_owned(),
            )
            .await?;
        let mut name = Query::select();
        name.column((Person::Table, Person::Name))
            .from(Person::Table)
            .and_where(
                Expr::col((Person::Table, Person::Id)).equals((Posting::Table, Posting::PersonId)),
            );
        manager
            .exec_stmt(
                Query::update()
                    .table(Posting::Table)
                    .value(
                        Posting::PersonName,
                        Expr::SubQuery(None, Box::new(name.into_sub_query_statement())),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Posting::Table)
                    .col(Posting::BranchId)
                    .col(Posting::PersonName)
                    .col(Posting::PersonId)
                    .col(Posting::EffectiveVisibility)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(INDEX).table(Posting::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Posting::Table)
                    .drop_column(Posting::PersonName)
                    .to_owned(),
            )
            .await
    }
}
