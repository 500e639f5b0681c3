use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "verdict")]
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
    pub trial_id: Uuid,
    pub person_id: Uuid,
    pub date: Option<String>,
    pub date_earliest: Option<Date>,
    pub date_latest: Option<Date>,
    pub outcome: String,
    #[sea_orm(column_type = "Text")]
    pub sentence: Option<String>,
    pub sentence_months: Option<i32>,
    pub life_sentence: bool,
    pub appeal_status: Option<String>,
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
        belongs_to = "super::trial::Entity",
        from = "Column::TrialId",
        to = "super::trial::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Trial,
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Person,
    #[sea_orm(has_many = "super::charge::Entity")]
    Charge,
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl Related<super::trial::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Trial.def()
    }
}

impl Related<super::charge::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Charge.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
