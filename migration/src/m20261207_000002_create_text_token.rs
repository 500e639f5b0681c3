//! The full-text index: one row per word of every text a reader can see (descriptions,
//! quotes, titles, summaries, names and aliases, in every language a record holds), as
//! `src/service/text_index.rs` writes it. One shared table on every backend, rather than
//! PostgreSQL's tsvector, SQLite's FTS5 and MariaDB's FULLTEXT: the words are folded by
//! daleel's own normaliser (Arabic letter forms and the article, transliteration
//! skeletons, Arabic-Indic digits), which none of the three engines does, and the same
//! query gives the same hits on all three (see `docs/search.md`).
//!
//! Lean on purpose (no id, timestamps or version): it is derived data, rebuilt from the
//! records, and at scale it holds several rows per record.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TextToken::Table)
                    .col(uuid(TextToken::HolderId))
                    .col(string_len(TextToken::Field, 32))
                    .col(string_len(TextToken::Lang, 16))
                    .col(integer(TextToken::Position))
                    .col(string_len(TextToken::SubjectType, 32))
                    .col(uuid(TextToken::SubjectId))
                    // Words are clipped to 64 characters: an index key stays small.
                    .col(string_len(TextToken::Token, 64))
                    .col(string_len(TextToken::Skeleton, 64))
                    .col(integer(TextToken::Weight))
                    .col(string_len(TextToken::EffectiveVisibility, 16))
                    .col(date_null(TextToken::DateEarliest))
                    .col(date_null(TextToken::DateLatest))
                    .primary_key(
                        Index::create()
                            .col(TextToken::HolderId)
                            .col(TextToken::Field)
                            .col(TextToken::Lang)
                            .col(TextToken::Position),
                    )
                    .to_owned(),
            )
            .await?;
        // A word's rows, best weight first, then by record: a query reads the first rows
        // of a word (or of a prefix range, word by word) in this order and stops, the same
        // rows on every database. The same for a spelling variant's skeleton; a record's
        // rows, to rebuild them. The primary key serves "the other words of this text".
        for (name, key) in [
            ("idx_text_token_token", Some(TextToken::Token)),
            ("idx_text_token_skeleton", Some(TextToken::Skeleton)),
            ("idx_text_token_subject_id", None),
        ] {
            let mut index = Index::create();
            index.name(name).table(TextToken::Table);
            match key {
                Some(key) => {
                    index
                        .col(key)
                        .col((TextToken::Weight, IndexOrder::Desc))
                        .col(TextToken::SubjectId);
                }
                None => {
                    index.col(TextToken::SubjectId);
                }
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TextToken::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum TextToken {
    Table,
    HolderId,
    SubjectId,
    Field,
    Lang,
    Position,
    SubjectType,
    Token,
    Skeleton,
    Weight,
    EffectiveVisibility,
    DateEarliest,
    DateLatest,
}
