//! The full-text index's word and skeleton indexes also carry what a count filters on
//! (the record's type, the level its readers are filtered by, the language), so that
//! `totalCount` reads the index alone instead of fetching every matching row: a common
//! word's count at scale M fell from 2.8 s to the figure in `BENCHMARKS.md`. The order
//! a page reads rows in (word, best weight, record) is the same as before.

use sea_orm_migration::prelude::*;

use crate::m20261207_000002_create_text_token::TextToken;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The two indexes a word is looked up by (the word, and its consonant skeleton): each
/// one's name before and after. New names, because on SQLite the migrator's statements
/// may run on different pooled connections, and one that has not yet seen the old index
/// dropped refuses to create another of the same name.
const KEYS: [(&str, &str, TextToken); 2] = [
    (
        "idx_text_token_token",
        "idx_text_token_token_counted",
        TextToken::Token,
    ),
    (
        "idx_text_token_skeleton",
        "idx_text_token_skeleton_counted",
        TextToken::Skeleton,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (old, new, key) in KEYS {
            let mut index = lookup(new, key);
            index
                .col(TextToken::SubjectType)
                .col(TextToken::EffectiveVisibility)
                .col(TextToken::Lang);
            manager.create_index(index).await?;
            drop_index(manager, old).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (old, new, key) in KEYS {
            manager.create_index(lookup(old, key)).await?;
            drop_index(manager, new).await?;
        }
        Ok(())
    }
}

/// The index as a page reads it: the word, best weight first, then the record.
fn lookup(name: &str, key: TextToken) -> IndexCreateStatement {
    Index::create()
        .name(name)
        .table(TextToken::Table)
        .col(key)
        .col((TextToken::Weight, IndexOrder::Desc))
        .col(TextToken::SubjectId)
        .to_owned()
}

async fn drop_index(manager: &SchemaManager<'_>, name: &str) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(TextToken::Table).to_owned())
        .await
}
