use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "alias")]
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
    pub subject_type: String,
    pub subject_id: Uuid,
    pub name: String,
    pub language: Option<String>,
    pub script: Option<String>,
    pub kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
