use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An API key: only its SHA-256 is stored; `prefix` identifies it in lists and logs.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "api_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub visibility: String,
    pub version: i32,
    pub archived_at: Option<DateTimeUtc>,
    pub name: String,
    pub role: String,
    #[sea_orm(unique)]
    pub prefix: String,
    pub key_hash: String,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
