use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "testimony")]
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
    pub witness_id: Uuid,
    pub trial_id: Option<Uuid>,
    pub facility_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub given: Option<String>,
    pub given_earliest: Option<Date>,
    pub given_latest: Option<Date>,
    /// Its texts in other languages: JSON, field → language → { text, status,
    /// translatedBy } (see `src/service/translations.rs`).
    #[sea_orm(column_type = "Text", nullable)]
    #[serde(default)]
    pub translations: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::WitnessId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Person,
    #[sea_orm(
        belongs_to = "super::trial::Entity",
        from = "Column::TrialId",
        to = "super::trial::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Trial,
    #[sea_orm(
        belongs_to = "super::facility::Entity",
        from = "Column::FacilityId",
        to = "super::facility::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Facility,
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

impl Related<super::facility::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Facility.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
