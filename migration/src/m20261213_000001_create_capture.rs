//! Captures: fixed copies of a source's content, kept content-addressed by SHA-256 in
//! the evidence store (`--evidence-dir`), and each capture's append-only chain of
//! custody.

use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{TableBuilder, drop_table};
use crate::m20261125_000012_create_source::Source;
use crate::m20261212_000001_create_record_versions::create_version_table;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        TableBuilder::new(manager, Capture::Table)
            .col(string_len_null(Capture::EffectiveVisibility, 16))
            .col(uuid(Capture::SourceId))
            .foreign_key(Capture::SourceId, Source::Table)
            .col(string_len(Capture::Sha256, 64))
            .index(Capture::Sha256)
            .col(big_integer(Capture::Size))
            .col(string_len(Capture::MediaType, 127))
            .timestamp_null(Capture::CapturedAt)
            .col(text_null(Capture::Url))
            .col(string_len_null(Capture::CapturedBy, 255))
            .create(manager)
            .await?;
        create_version_table(manager, "capture").await?;
        TableBuilder::plain(manager, CaptureCustody::Table)
            .col(uuid(CaptureCustody::CaptureId))
            .foreign_key(CaptureCustody::CaptureId, Capture::Table)
            .timestamp(CaptureCustody::At)
            .col(string_len(CaptureCustody::Action, 16))
            .col(string_len(CaptureCustody::Role, 16))
            .col(string_len_null(CaptureCustody::KeyName, 255))
            .col(text_null(CaptureCustody::Detail))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_table(manager, CaptureCustody::Table).await?;
        drop_table(manager, Alias::new("capture_version")).await?;
        drop_table(manager, Capture::Table).await
    }
}

#[derive(DeriveIden)]
pub enum Capture {
    Table,
    EffectiveVisibility,
    SourceId,
    Sha256,
    Size,
    MediaType,
    CapturedAt,
    Url,
    CapturedBy,
}

#[derive(DeriveIden)]
pub enum CaptureCustody {
    Table,
    CaptureId,
    At,
    Action,
    Role,
    KeyName,
    Detail,
}
