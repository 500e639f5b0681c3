use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A fixed copy of a source's content (a page's HTML or WARC, a PDF, an image, a
/// video, a statement's text), kept content-addressed by its SHA-256.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "capture")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub visibility: String,
    /// The visibility readers are filtered by: the record's own, made stricter by its
    /// source's; `hidden` when it or its source is archived.
    #[serde(default)]
    pub effective_visibility: String,
    pub version: i32,
    pub archived_at: Option<DateTimeUtc>,
    pub source_id: Uuid,
    /// Lowercase hexadecimal SHA-256 of the content: its name in the evidence store.
    pub sha256: String,
    /// In bytes.
    pub size: i64,
    pub media_type: String,
    /// When the content was collected; null when not known.
    pub captured_at: Option<DateTimeUtc>,
    /// Where it was collected from.
    #[sea_orm(column_type = "Text", nullable)]
    pub url: Option<String>,
    /// Who collected it (a person or an organization, as they are named).
    pub captured_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
