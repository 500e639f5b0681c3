use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One write: who made it (key id and name, role), what (operation, record type and id),
/// when (`created_at`), and the record as JSON before and after.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_log")]
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
    pub key_id: Option<Uuid>,
    pub key_name: Option<String>,
    pub role: String,
    pub operation: String,
    pub record_type: String,
    pub record_id: Uuid,
    #[sea_orm(column_type = "Text", nullable)]
    pub before: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub after: Option<String>,
    /// Why: the writer's words, or the import's or the built-in data's.
    #[sea_orm(column_type = "Text", nullable)]
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
