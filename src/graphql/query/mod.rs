//! The query root, composed of one small object per kind of record.

use async_graphql::MergedObject;

use crate::graphql::node::NodeQuery;

mod audit;
mod counts;
mod evidence;
mod federation;
mod labels;
mod lists;
pub(crate) mod search;
mod text_search;

pub use audit::{AuditEntry, AuditQuery};
pub use counts::CountQuery;
pub use federation::EntityQuery;
pub use labels::LabelQuery;
pub use lists::*;
pub use search::SearchQuery;
pub use text_search::TextSearchQuery;

/// Everything that can be read.
#[derive(MergedObject, Default)]
// Named `Query` because federation finds a subgraph's root types by their default names.
#[graphql(name = "Query")]
pub struct QueryRoot(
    NodeQuery,
    FacilityQuery,
    BranchQuery,
    AgencyQuery,
    PersonQuery,
    PostingQuery,
    TrialQuery,
    VerdictQuery,
    OrganizationQuery,
    SourceQuery,
    SearchQuery,
    TextSearchQuery,
    StatisticQuery,
    SanctionQuery,
    TestimonyQuery,
    CountQuery,
    LabelQuery,
    crate::graphql::geojson::MapQuery,
    AuditQuery,
    evidence::EvidenceQuery,
    EntityQuery,
);
