use async_graphql::{Enum, SimpleObject};

use crate::graphql::types::NamedRecord;
use crate::ids::NodeType;

/// A record found by `search`.
#[derive(SimpleObject, Clone)]
pub struct SearchHit {
    /// The record.
    pub record: NamedRecord,
    /// The name or alias that matched best, as written (e.g. `سجن الخطيب`).
    pub matched_name: String,
    /// How well it matched, from 0 to 1: 1 for the whole name, less for a word of it, a
    /// prefix, or a spelling variant.
    pub score: f64,
}

/// The kinds of record `search` can look among.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchableType {
    /// Security agencies.
    Agency,
    /// Branches and their units.
    Branch,
    /// Facilities.
    Facility,
    /// Persons (only those you may see).
    Person,
    /// Organizations.
    Organization,
    /// Trials.
    Trial,
    /// Sources, by title.
    Source,
}

impl SearchableType {
    pub const ALL: [SearchableType; 7] = [
        SearchableType::Agency,
        SearchableType::Branch,
        SearchableType::Facility,
        SearchableType::Person,
        SearchableType::Organization,
        SearchableType::Trial,
        SearchableType::Source,
    ];

    pub fn node_type(self) -> NodeType {
        match self {
            SearchableType::Agency => NodeType::Agency,
            SearchableType::Branch => NodeType::Branch,
            SearchableType::Facility => NodeType::Facility,
            SearchableType::Person => NodeType::Person,
            SearchableType::Organization => NodeType::Organization,
            SearchableType::Trial => NodeType::Trial,
            SearchableType::Source => NodeType::Source,
        }
    }
}
