//! The domain of each record type: one module per type with its input types (new and
//! patch), its field rules, its references and its visibility defaults. Every door that
//! writes a record — a GraphQL mutation, `daleel import` and `importDataset`, the
//! built-in data, the generator — goes through these, so a rule exists once.
//!
//! A type is described by two traits: [`Record`] (its table: key, visibility, archive
//! and sort columns; what the generic queries need) and [`Kind`] (what a write needs).

pub mod agency;
pub mod alias;
pub mod branch;
pub mod capture;
pub mod charge;
pub mod citation;
pub mod event;
pub mod event_link;
pub mod facility;
pub mod facility_operation;
pub mod organization;
pub mod person;
pub mod posting;
pub mod sanction;
pub mod source;
pub mod statistic;
pub mod testimony;
pub mod trial;
pub mod verdict;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel, ModelTrait,
    Value,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::AppResult;
use crate::ids::NodeType;
use crate::service::fields::FieldResult;
use crate::service::translations::Translatable;
use crate::service::vocab::Visibility;

/// The orderings clients may ask for; each record maps them to one of its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortKey {
    /// The record's name (or title); the default everywhere.
    #[default]
    Name,
    /// The record's main date, by its earliest bound.
    Date,
    CreatedAt,
    UpdatedAt,
}

/// A requested ordering; ties are always broken by id so pages never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

/// A table of records: what the generic reads and writes need to know about it.
pub trait Record:
    EntityTrait<Model: FromQueryResult + Clone + Send + Sync> + Default + Send + Sync + 'static
{
    const NODE: NodeType;
    fn id_col() -> Self::Column;
    /// The visibility readers are filtered by: the record's own, made stricter by every
    /// record it is about (`service::visibility`).
    fn effective_col() -> Self::Column;
    fn archived_col() -> Self::Column;
    fn id_of(model: &Self::Model) -> Uuid;
    /// The record's optimistic-concurrency version.
    fn version_of(model: &Self::Model) -> i32;
    /// The visibility an editor gave the record itself.
    fn visibility_of(model: &Self::Model) -> &str;
    fn effective_of(model: &Self::Model) -> &str;
    fn set_effective(model: &mut Self::Model, level: &str);
    fn archived_of(model: &Self::Model) -> Option<DateTime<Utc>>;
    fn set_archived(model: &mut Self::Model, at: Option<DateTime<Utc>>);
    /// Marks the model as the next version, changed at `now`.
    fn bump(model: &mut Self::Model, now: DateTime<Utc>);
    /// The column `key` orders by; records without such a column order by creation.
    fn sort_col(key: SortKey) -> Self::Column;
    /// The latest bound of the main date: ties on the earliest bound order by it, so
    /// "2022" comes after "2022-01-13" (both start on 1 January, the day ends first).
    fn date_latest_col() -> Self::Column;
}

/// Implements `Record` for an entity module:
/// `record!(module, NodeType, name column, date column, date's latest-bound column)`.
macro_rules! record {
    ($module:ident, $node:ident, $name:ident, $date:ident, $latest:ident) => {
        impl $crate::service::records::Record for entity::$module::Entity {
            const NODE: $crate::ids::NodeType = $crate::ids::NodeType::$node;
            fn id_col() -> entity::$module::Column {
                entity::$module::Column::Id
            }
            fn effective_col() -> entity::$module::Column {
                entity::$module::Column::EffectiveVisibility
            }
            fn archived_col() -> entity::$module::Column {
                entity::$module::Column::ArchivedAt
            }
            fn id_of(model: &entity::$module::Model) -> uuid::Uuid {
                model.id
            }
            fn version_of(model: &entity::$module::Model) -> i32 {
                model.version
            }
            fn visibility_of(model: &entity::$module::Model) -> &str {
                &model.visibility
            }
            fn effective_of(model: &entity::$module::Model) -> &str {
                &model.effective_visibility
            }
            fn set_effective(model: &mut entity::$module::Model, level: &str) {
                level.clone_into(&mut model.effective_visibility);
            }
            fn archived_of(
                model: &entity::$module::Model,
            ) -> Option<chrono::DateTime<chrono::Utc>> {
                model.archived_at
            }
            fn set_archived(
                model: &mut entity::$module::Model,
                at: Option<chrono::DateTime<chrono::Utc>>,
            ) {
                model.archived_at = at;
            }
            fn bump(model: &mut entity::$module::Model, now: chrono::DateTime<chrono::Utc>) {
                model.version += 1;
                model.updated_at = now;
            }
            fn sort_col(key: $crate::service::records::SortKey) -> entity::$module::Column {
                use $crate::service::records::SortKey;
                match key {
                    SortKey::Name => entity::$module::Column::$name,
                    SortKey::Date => entity::$module::Column::$date,
                    SortKey::CreatedAt => entity::$module::Column::CreatedAt,
                    SortKey::UpdatedAt => entity::$module::Column::UpdatedAt,
                }
            }
            fn date_latest_col() -> entity::$module::Column {
                entity::$module::Column::$latest
            }
        }
    };
}
pub(crate) use record;

// Internal rows: read with the same generic queries, written only by the service.
record!(name_key, NameKey, Key, CreatedAt, CreatedAt);
record!(audit_log, AuditLog, CreatedAt, CreatedAt, CreatedAt);

/// The id and time a new record is stamped with.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    pub id: Uuid,
    pub now: DateTime<Utc>,
}

impl Stamp {
    /// A fresh random id, now.
    pub fn new() -> Stamp {
        Stamp {
            id: Uuid::new_v4(),
            now: Utc::now(),
        }
    }
}

impl Default for Stamp {
    fn default() -> Self {
        Stamp::new()
    }
}

/// What a patch does to a nullable field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Change<T> {
    /// Leave it as it is.
    #[default]
    Keep,
    /// Clear it.
    Clear,
    /// Set it.
    Set(T),
}

impl<T> Change<T> {
    /// Applies the change to `slot`.
    pub fn apply(self, slot: &mut Option<T>) {
        match self {
            Change::Keep => {}
            Change::Clear => *slot = None,
            Change::Set(value) => *slot = Some(value),
        }
    }

    /// The same change with the value converted.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Change<U> {
        match self {
            Change::Keep => Change::Keep,
            Change::Clear => Change::Clear,
            Change::Set(value) => Change::Set(f(value)),
        }
    }
}

/// Sets `slot` when `value` is given.
pub fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

/// The kinds of record a reference may point at.
#[derive(Debug, Clone, Copy)]
pub enum Allowed {
    /// Exactly this type.
    One(NodeType),
    /// Any record citations may support.
    Citable,
    /// Any record search finds by name.
    Named,
    /// Any of these types.
    List(&'static [NodeType]),
}

impl Allowed {
    pub fn contains(self, node: NodeType) -> bool {
        match self {
            Allowed::One(one) => one == node,
            Allowed::Citable => node.is_citable(),
            Allowed::Named => node.is_named(),
            Allowed::List(list) => list.contains(&node),
        }
    }

    /// The allowed type names, for a message: "a Branch or a Person".
    pub fn describe(self) -> String {
        let names: Vec<&str> = NodeType::RECORDS
            .iter()
            .copied()
            .filter(|t| t.is_node() && self.contains(*t))
            .map(NodeType::name)
            .collect();
        match names.as_slice() {
            [one] => format!("a {one}"),
            _ => format!("one of {}", names.join(", ")),
        }
    }
}

/// A column holding the id of another record: of a fixed type, or of the type that
/// another column of the row names (`subject_type` / `subject_id`).
#[derive(Debug, Clone, Copy)]
pub struct Ref {
    pub column: &'static str,
    pub type_column: Option<&'static str>,
    pub allowed: Allowed,
    /// The field as the API names it, when it is not the column in camelCase.
    pub api: Option<&'static str>,
}

impl Ref {
    /// A column that points at records of `node`.
    pub const fn to(column: &'static str, node: NodeType) -> Ref {
        Ref {
            column,
            type_column: None,
            allowed: Allowed::One(node),
            api: None,
        }
    }

    /// A column that points at a record of the type `type_column` names, one of `allowed`.
    pub const fn typed(column: &'static str, type_column: &'static str, allowed: Allowed) -> Ref {
        Ref {
            column,
            type_column: Some(type_column),
            allowed,
            api: None,
        }
    }

    /// The same reference, named `api` in the API's messages.
    pub const fn called(mut self, api: &'static str) -> Ref {
        self.api = Some(api);
        self
    }
}

/// Text of a record that its readers see, with the least role that may read it
/// (persons' notes are for analysts and above).
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    pub column: &'static str,
    pub text: &'a str,
    pub floor: Visibility,
}

impl<'a> Text<'a> {
    /// Texts of the record, read by whoever may read the record.
    pub fn all(fields: &[(&'static str, Option<&'a str>)]) -> Vec<Text<'a>> {
        fields
            .iter()
            .filter_map(|(column, text)| {
                text.map(|text| Text {
                    column,
                    text,
                    floor: Visibility::Public,
                })
            })
            .collect()
    }
}

/// What a write needs to know about a record type, beyond its table.
pub trait Kind:
    Record
    + EntityTrait<
        Model: Serialize
                   + DeserializeOwned
                   + PartialEq
                   + IntoActiveModel<<Self as EntityTrait>::ActiveModel>,
        ActiveModel: ActiveModelTrait<Entity = Self> + Send,
    >
{
    /// A new record as a door gives it.
    type New: Send;
    /// Changes to a record: omitted fields stay as they are.
    type Patch: Send + Default;
    /// The columns that point at other records.
    const REFS: &'static [Ref] = &[];
    /// Whether the type has a unique `slug`.
    const SLUG: bool = false;
    /// The column search indexes, for named types.
    const NAME: Option<&'static str> = None;
    /// Columns only roles that read sensitive fields may read (a person's notes).
    const SENSITIVE: &'static [&'static str] = &[];
    /// The fields that may hold a value in another language (`service::translations`);
    /// a type with any keeps them in its `translations` column.
    const TRANSLATABLE: &'static [Translatable] = &[];
    /// Whether the translatable columns hold English. A citation's quote holds the
    /// source's words in the source's language: its translations, English included, are
    /// kept apart from it and never replace it.
    const ENGLISH_COLUMNS: bool = true;

    /// The row for `new`, not yet checked.
    fn build(new: Self::New, stamp: Stamp) -> Self::Model;
    /// `patch` applied to `model`, not yet checked.
    fn apply(model: &mut Self::Model, patch: Self::Patch);
    /// Every rule that needs only the row. Brings it to its canonical form, or names the
    /// first field that breaks a rule.
    fn check(model: &mut Self::Model) -> FieldResult;
    /// The texts its readers see (checked for names of people hidden from them).
    fn texts(model: &Self::Model) -> Vec<Text<'_>>;
    /// Rules that need other rows (a branch's parent chain); none by default.
    fn check_in<C: ConnectionTrait>(
        db: &C,
        model: &Self::Model,
    ) -> impl std::future::Future<Output = AppResult<()>> + Send {
        let _ = (db, model);
        async { Ok(()) }
    }
}

/// Every rule that needs only the row, the type's own and its translations'
/// (`service::translations`), bringing it to its canonical form.
pub fn check_row<K: Kind>(model: &mut K::Model) -> FieldResult {
    K::check(model)?;
    crate::service::translations::check::<K>(model)
}

/// The texts its readers see, in every language: `translations` are the record's own
/// (`service::translations::of`), checked like its columns for hidden names.
pub fn visible_texts<'a, K: Kind>(
    model: &'a K::Model,
    translations: &'a crate::service::translations::Translations,
) -> Vec<Text<'a>> {
    let mut texts = K::texts(model);
    for (field, langs) in &translations.0 {
        // Named by the field it translates, so a refusal says where to look.
        let column = K::TRANSLATABLE
            .iter()
            .find(|t| t.column == field)
            .map_or(crate::service::translations::COLUMN, |t| t.column);
        for value in langs.values() {
            texts.push(Text {
                column,
                text: &value.text,
                floor: Visibility::Public,
            });
        }
    }
    texts
}

/// The references `model` holds: (reference, type of the record, its id), for every
/// reference column that is set.
pub fn references_of<K: Kind>(model: &K::Model) -> Vec<(Ref, Option<NodeType>, Uuid)> {
    K::REFS
        .iter()
        .filter_map(|r| {
            let id = match column_value::<K>(model, r.column)? {
                Value::Uuid(Some(id)) => id,
                _ => return None,
            };
            let node = match r.type_column {
                None => match r.allowed {
                    Allowed::One(node) => Some(node),
                    _ => None,
                },
                Some(type_column) => match column_value::<K>(model, type_column)? {
                    Value::String(Some(table)) => NodeType::from_table(&table),
                    _ => None,
                },
            };
            Some((*r, node, id))
        })
        .collect()
}

/// The value of the column named `name` in `model`.
pub fn column_value<E: EntityTrait>(model: &E::Model, name: &str) -> Option<Value> {
    use sea_orm::{IdenStatic, Iterable};
    E::Column::iter()
        .find(|c| c.as_str() == name)
        .map(|c| model.get(c))
}

/// The references every record type holds, by type.
pub fn refs_of(node: NodeType) -> &'static [Ref] {
    crate::records::on_record_type!(node, E => <E as Kind>::REFS, otherwise => &[])
}

/// The columns of a type only roles that read sensitive fields may read.
pub fn sensitive_columns(node: NodeType) -> &'static [&'static str] {
    crate::records::on_record_type!(node, E => <E as Kind>::SENSITIVE, otherwise => &[])
}

/// The column search indexes for a named type.
pub fn name_column(node: NodeType) -> Option<&'static str> {
    crate::records::on_record_type!(node, E => <E as Kind>::NAME, otherwise => None)
}
