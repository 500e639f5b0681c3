//! Typed pinpoints: where in its source a citation is, said so that it can be checked
//! (a page, a paragraph, a line or character range in a capture, a time range, a frame,
//! a spreadsheet cell), beside the words of `locator`. `capture_id` mirrors the capture
//! the pinpoint points into, so that the citation is hidden whenever that capture is.
//! `capture_text` keeps the text of text captures, by content hash, so that the door
//! can check a pinpoint against it inside the write's transaction.

use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

use crate::common::drop_table;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Citation {
    Pinpoint,
    CaptureId,
}

#[derive(DeriveIden)]
enum CaptureText {
    Table,
    Sha256,
    Text,
}

/// The citation table and its versions.
const TABLES: [&str; 2] = ["citation", "citation_version"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for table in TABLES {
            for column in [
                text_null(Citation::Pinpoint),
                uuid_null(Citation::CaptureId),
            ] {
                let mut column = column;
                manager
                    .alter_table(
                        Table::alter()
                            .table(Alias::new(table))
                            .add_column(&mut column)
                            .to_owned(),
                    )
                    .await?;
            }
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_citation_capture_id")
                    .table(Alias::new("citation"))
                    .col(Citation::CaptureId)
                    .to_owned(),
            )
            .await?;
        // MariaDB's TEXT holds 64 KiB; a capture's text may be larger.
        let mut text = ColumnDef::new(CaptureText::Text);
        match manager.get_database_backend() {
            DbBackend::MySql => text.custom(Alias::new("LONGTEXT")),
            _ => text.text(),
        };
        manager
            .create_table(
                Table::create()
                    .table(CaptureText::Table)
                    .col(string_len(CaptureText::Sha256, 64).primary_key())
                    .col(text.not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, CaptureText::Table).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_citation_capture_id")
                    .table(Alias::new("citation"))
                    .to_owned(),
            )
            .await?;
        for table in TABLES {
            for column in [Citation::Pinpoint, Citation::CaptureId] {
                manager
                    .alter_table(
                        Table::alter()
                            .table(Alias::new(table))
                            .drop_column(column)
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }
}
