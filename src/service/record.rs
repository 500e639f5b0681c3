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
    /// The record's optimistic-concurrency version.
    fn version_of(model: &Self::Model) -> i32;
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
            fn version_of(model: &$module::Model) -> i32 {
                model.version
            }
            fn sort_col(key: SortKey) -> $module::Column {
                match key {
                    SortKey::Name => $module::Column::$name,
                    SortKey::Date => $module::Column::$date,
                    SortKey::CreatedAt => $module::Column::CreatedAt,
                    SortKey::UpdatedAt => $module::Column::UpdatedAt,
                }
            }
            fn date_latest_col() -> $module::Column {
                $module::Column::$latest
            }
        }
    };
}

record!(agency, Agency, Name, CreatedAt, CreatedAt);
record!(branch, Branch, Name, CreatedAt, CreatedAt);
record!(facility, Facility, Name, OpenedEarliest, OpenedLatest);
record!(
    facility_operation,
    FacilityOperation,
    PeriodEarliest,
    PeriodEarliest,
    PeriodLatest
);
record!(person, Person, Name, CreatedAt, CreatedAt);
record!(alias, Alias, Name, CreatedAt, CreatedAt);
record!(posting, Posting, Role, PeriodEarliest, PeriodLatest);
record!(organization, Organization, Name, CreatedAt, CreatedAt);
record!(trial, Trial, Name, PeriodEarliest, PeriodLatest);
record!(verdict, Verdict, DateEarliest, DateEarliest, DateLatest);
record!(charge, Charge, Crime, CreatedAt, CreatedAt);
record!(source, Source, Title, PublishedEarliest, PublishedLatest);
record!(citation, Citation, CreatedAt, CreatedAt, CreatedAt);
record!(statistic, Statistic, Metric, PeriodEarliest, PeriodLatest);
record!(event, Event, Title, DateEarliest, DateLatest);
record!(event_link, EventLink, SubjectType, CreatedAt, CreatedAt);
record!(
    sanction,
    Sanction,
    AuthorityName,
    ListedEarliest,
    ListedLatest
);
record!(testimony, Testimony, CreatedAt, GivenEarliest, GivenLatest);
record!(name_key, NameKey, Key, CreatedAt, CreatedAt);
record!(audit_log, AuditLog, CreatedAt, CreatedAt, CreatedAt);
