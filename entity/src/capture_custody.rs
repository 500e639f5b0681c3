use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One entry of a capture's chain of custody: who added it, who read its content, which
/// export included it. Appended, never changed.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "capture_custody")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub capture_id: Uuid,
    pub at: DateTimeUtc,
    /// added, accessed, exported, imported.
    pub action: String,
    /// The role of the caller (`cli` for the command line).
    pub role: String,
    /// The name of the caller's API key, when it had one.
    pub key_name: Option<String>,
    /// What the action concerned (the export's file, a byte range read).
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
