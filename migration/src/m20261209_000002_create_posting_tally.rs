//! `posting_tally`: how many postings each (branch, role, effective visibility) holds,
//! so that `postingCounts` without a filter sums a few thousand rows instead of reading
//! every posting. The application keeps it in each write's transaction
//! (`src/service/tally.rs`); this creates it and counts the postings already stored.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PostingTally {
    Table,
    BranchId,
    Role,
    Level,
    Postings,
}

#[derive(DeriveIden)]
enum Posting {
    Table,
    BranchId,
    Role,
    EffectiveVisibility,
}

/// A posting's level; a row without a derived level yet (a database from before it) is
/// hidden, and the application recounts once it has derived the levels. (A literal, not
/// a bound value: PostgreSQL matches a GROUP BY expression only without parameters.)
fn level() -> Expr {
    Func::coalesce([
        Expr::col((Posting::Table, Posting::EffectiveVisibility)),
        Expr::cust("'hidden'"),
    ])
    .into()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PostingTally::Table)
                    .col(uuid(PostingTally::BranchId))
                    .col(string_len(PostingTally::Role, 64))
                    .col(string_len(PostingTally::Level, 16))
                    .col(big_integer(PostingTally::Postings))
                    .primary_key(
                        Index::create()
                            .col(PostingTally::BranchId)
                            .col(PostingTally::Role)
                            .col(PostingTally::Level),
                    )
                    .to_owned(),
            )
            .await?;
        let mut counted = Query::select();
        counted
            .column((Posting::Table, Posting::BranchId))
            .column((Posting::Table, Posting::Role))
            .expr(level())
            .expr(Expr::col(Asterisk).count())
            .from(Posting::Table)
            .group_by_col((Posting::Table, Posting::BranchId))
            .group_by_col((Posting::Table, Posting::Role))
            .add_group_by([level()]);
        let mut fill = Query::insert();
        fill.into_table(PostingTally::Table).columns([
            PostingTally::BranchId,
            PostingTally::Role,
            PostingTally::Level,
            PostingTally::Postings,
        ]);
        fill.select_from(counted)
            .map_err(|e| DbErr::Migration(e.to_string()))?;
        manager.exec_stmt(fill).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PostingTally::Table).to_owned())
            .await
    }
}
