use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One word of a text a reader can see, as the full-text index stores it
/// (`src/service/text_index.rs`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "text_token")]
pub struct Model {
    /// The record the text is in: the record found, or one of its aliases.
    #[sea_orm(primary_key, auto_increment = false)]
    pub holder_id: Uuid,
    /// The field the text is in (`description`, `quote`, `alias`…).
    #[sea_orm(primary_key, auto_increment = false)]
    pub field: String,
    /// The language the text is in.
    #[sea_orm(primary_key, auto_increment = false)]
    pub lang: String,
    /// The word's place in its text, from 0 (phrases are consecutive places).
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    /// The record a match finds (an alias's subject).
    pub subject_type: String,
    pub subject_id: Uuid,
    /// The word, normalised.
    pub token: String,
    /// Its consonant skeleton, for transliteration variants.
    pub skeleton: String,
    /// How much a match in this field counts (a name more than a description).
    pub weight: i32,
    /// The most hidden of the record's level and the field's (a person's notes are
    /// restricted): readers are filtered by it.
    pub effective_visibility: String,
    pub date_earliest: Option<Date>,
    pub date_latest: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
