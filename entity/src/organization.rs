use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "organization")]
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
    pub name: String,
    pub abbreviation: Option<String>,
    pub kind: String,
    pub country: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub url: Option<String>,
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
    #[sea_orm(has_many = "super::trial::Entity")]
    Trial,
    #[sea_orm(has_many = "super::source::Entity")]
    Source,
}

impl Related<super::trial::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Trial.def()
    }
}

impl Related<super::source::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Source.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
