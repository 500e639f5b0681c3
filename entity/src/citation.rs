use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "citation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub visibility: String,
    /// The visibility readers are filtered by: the record's own, made stricter by every
    /// record it is about; `hidden` when it or one of those is archived.
    #[serde(default)]
    pub effective_visibility: String,
    pub version: i32,
    pub archived_at: Option<DateTimeUtc>,
    pub source_id: Uuid,
    pub subject_type: String,
    pub subject_id: Uuid,
    pub field: Option<String>,
    /// Where in the source, in words (a section, a paragraph, an infobox field).
    pub locator: Option<String>,
    /// Where in the source, typed so that it can be checked: JSON of
    /// `service::pinpoint::Pinpoint` (a page, a paragraph, a line or character range in
    /// a capture, a time range, a frame, a cell); null when only `locator` says where.
    #[sea_orm(column_type = "Text", nullable)]
    #[serde(default)]
    pub pinpoint: Option<String>,
    /// The capture the pinpoint points into (derived from `pinpoint`): the citation is
    /// hidden whenever that capture is.
    #[serde(default)]
    pub capture_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub quote: Option<String>,
    pub confidence: String,
    pub status: String,
    /// Its texts in other languages: JSON, field → language → { text, status,
    /// translatedBy } (see `src/service/translations.rs`).
    #[sea_orm(column_type = "Text", nullable)]
    #[serde(default)]
    pub translations: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::source::Entity",
        from = "Column::SourceId",
        to = "super::source::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Source,
}

impl Related<super::source::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Source.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
