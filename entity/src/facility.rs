use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "facility")]
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
    pub kind: String,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub address: Option<String>,
    pub neighbourhood: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub location_precision: Option<String>,
    pub opened: Option<String>,
    pub opened_earliest: Option<Date>,
    pub opened_latest: Option<Date>,
    pub closed: Option<String>,
    pub closed_earliest: Option<Date>,
    pub closed_latest: Option<Date>,
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
    #[sea_orm(has_many = "super::facility_operation::Entity")]
    FacilityOperation,
}

impl Related<super::facility_operation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::FacilityOperation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
