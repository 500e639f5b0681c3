//! What the generic queries need to know about each table: its node type, its key,
//! visibility and archive columns, and which column each sort key orders by.

use entity::*;
use sea_orm::{EntityTrait, FromQueryResult};
use uuid::Uuid;

use crate::ids::NodeType;

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

pub trait Record:
    EntityTrait<Model: FromQueryResult + Clone + Send + Sync> + Default + Send + Sync + 'static
{
    const NODE: NodeType;
    fn id_col() -> Self::Column;
    fn visibility_col() -> Self::Column;
    fn archived_col() -> Self::Column;
    fn id_of(model: &Self::Model) -> Uuid;
    /// The column `key` orders by; records without such a column order by creation.
    fn sort_col(key: SortKey) -> Self::Column;
}

/// Implements `Record` for an entity module: `record!(module, NodeType, name_col, date_col)`.
macro_rules! record {
    ($module:ident, $node:ident, $name:ident, $date:ident) => {
        impl Record for $module::Entity {
            const NODE: NodeType = NodeType::$node;
            fn id_col() -> $module::Column {
                $module::Column::Id
            }
            fn visibility_col() -> $module::Column {
                $module::Column::Visibility
            }
            fn archived_col() -> $module::Column {
                $module::Column::ArchivedAt
            }
            fn id_of(model: &$module::Model) -> Uuid {
                model.id
            }
            fn sort_col(key: SortKey) -> $module::Column {
                match key {
                    SortKey::Name => $module::Column::$name,
                    SortKey::Date => $module::Column::$date,
                    SortKey::CreatedAt => $module::Column::CreatedAt,
                    SortKey::UpdatedAt => $module::Column::UpdatedAt,
                }
            }
        }
    };
}

record!(agency, Agency, Name, CreatedAt);
record!(branch, Branch, Name, CreatedAt);
record!(facility, Facility, Name, OpenedEarliest);
record!(
    facility_operation,
    FacilityOperation,
    PeriodEarliest,
    PeriodEarliest
);
record!(person, Person, Name, CreatedAt);
record!(alias, Alias, Name, CreatedAt);
record!(posting, Posting, Role, PeriodEarliest);
record!(organization, Organization, Name, CreatedAt);
record!(trial, Trial, Name, PeriodEarliest);
record!(verdict, Verdict, DateEarliest, DateEarliest);
record!(charge, Charge, Crime, CreatedAt);
record!(source, Source, Title, PublishedEarliest);
record!(citation, Citation, CreatedAt, CreatedAt);
record!(statistic, Statistic, Metric, PeriodEarliest);
record!(event, Event, Title, DateEarliest);
record!(event_link, EventLink, SubjectType, CreatedAt);
record!(sanction, Sanction, AuthorityName, ListedEarliest);
record!(testimony, Testimony, CreatedAt, GivenEarliest);
record!(name_key, NameKey, Key, CreatedAt);
