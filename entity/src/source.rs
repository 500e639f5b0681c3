use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "source")]
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
    #[sea_orm(unique)]
    pub slug: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub publisher_id: Option<Uuid>,
    pub publisher_name: Option<String>,
    pub kind: String,
    pub language: Option<String>,
    pub published: Option<String>,
    pub published_earliest: Option<Date>,
    pub published_latest: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub url: Option<String>,
    pub archive_ref: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    /// Its texts in other languages: JSON, field → language → { text, status,
    /// translatedBy } (see `src/service/translations.rs`).
    #[sea_orm(column_type = "Text", nullable)]
    #[serde(default)]
    pub translations: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::PublisherId",
        to = "super::organization::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Organization,
    #[sea_orm(has_many = "super::citation::Entity")]
    Citation,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

impl Related<super::citation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Citation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
