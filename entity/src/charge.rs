use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "charge")]
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
    pub verdict_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub crime: String,
    #[sea_orm(column_type = "Text")]
    pub legal_provision: Option<String>,
    pub count: Option<i32>,
    pub disposition: String,
    /// Its texts in other languages: JSON, field → language → { text, status,
    /// translatedBy } (see `src/service/translations.rs`).
    #[sea_orm(column_type = "Text", nullable)]
    #[serde(default)]
    pub translations: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::verdict::Entity",
        from = "Column::VerdictId",
        to = "super::verdict::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Verdict,
}

impl Related<super::verdict::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Verdict.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
