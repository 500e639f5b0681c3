//! The query root, composed of one small object per kind of record.

use async_graphql::MergedObject;

use crate::graphql::node::NodeQuery;

mod lists;

pub use lists::*;

/// Everything that can be read.
#[derive(MergedObject, Default)]
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
);
