//! For each listable type, a paginated, filtered, ordered list and a lookup by id.

use async_graphql::{Context, ID, Object, Result};
use entity::*;

use crate::graphql::connection::{Connection, Paging, list, one};
use crate::graphql::context::RequestState;
use crate::graphql::types::*;
use crate::ids::decode_id_of;
use crate::service::records::Record;

macro_rules! list_query {
    ($query:ident, $list:ident, $single:ident, $module:ident, $ty:ident, $filter:ident, $what:literal) => {
        #[derive(Default)]
        pub struct $query;

        #[Object]
        impl $query {
            #[doc = concat!("A page of ", $what, ", filtered and ordered (by name unless `orderBy` says otherwise).")]
            #[allow(clippy::too_many_arguments)]
            #[graphql(complexity = "crate::graphql::limits::page_weight(first, last, child_complexity)")]
            async fn $list(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "Keep only the records matching every field given.")]
                filter: Option<$filter>,
                #[graphql(desc = "Ordering; by name when omitted.")]
                order_by: Option<OrderBy>,
                #[graphql(desc = "The first this many records (after `after`); at most the page-size cap.")]
                first: Option<i32>,
                #[graphql(desc = "Start after the record with this cursor.")]
                after: Option<String>,
                #[graphql(desc = "The last this many records (before `before`); at most the page-size cap.")]
                last: Option<i32>,
                #[graphql(desc = "End before the record with this cursor.")]
                before: Option<String>,
                #[graphql(desc = "An instant: the records as they were then, from their versions, with their relations as they were then too (see `node(id:, asOf:)`); `filter` then matches them as they were.")]
                as_of: Option<crate::graphql::scalars::DateTime>,
            ) -> Result<Connection<$ty>> {
                let paging = Paging::new(first, after, last, before);
                let at = as_of.map(|at| at.0);
                let viewer = RequestState::of(ctx)?.viewer.as_of(at);
                let condition = filter.unwrap_or_default().condition(viewer)?;
                list::<$module::Entity, $ty>(ctx, at, condition, order_by.into(), paging).await
            }

            #[doc = concat!("One of the ", $what, " by id; null when it does not exist or you may not see it.")]
            async fn $single(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "The record's global id.")] id: ID,
            ) -> Result<Option<$ty>> {
                let uuid = decode_id_of(<$module::Entity as Record>::NODE, &id)?;
                one::<$module::Entity, $ty>(ctx, None, uuid).await
            }
        }
    };
}

list_query!(
    FacilityQuery,
    facilities,
    facility,
    facility,
    Facility,
    FacilityFilter,
    "facilities"
);
list_query!(
    BranchQuery,
    branches,
    branch,
    branch,
    Branch,
    BranchFilter,
    "branches and their units"
);
list_query!(
    AgencyQuery,
    agencies,
    agency,
    agency,
    Agency,
    AgencyFilter,
    "security agencies"
);
list_query!(
    PersonQuery,
    persons,
    person,
    person,
    Person,
    PersonFilter,
    "persons"
);
list_query!(
    PostingQuery,
    postings,
    posting,
    posting,
    Posting,
    PostingFilter,
    "postings"
);
list_query!(
    TrialQuery,
    trials,
    trial,
    trial,
    Trial,
    TrialFilter,
    "trials"
);
list_query!(
    VerdictQuery,
    verdicts,
    verdict,
    verdict,
    Verdict,
    VerdictFilter,
    "verdicts"
);
list_query!(
    OrganizationQuery,
    organizations,
    organization,
    organization,
    Organization,
    OrganizationFilter,
    "organizations"
);
list_query!(
    SourceQuery,
    sources,
    source,
    source,
    Source,
    SourceFilter,
    "sources"
);
list_query!(
    StatisticQuery,
    statistics,
    statistic,
    statistic,
    Statistic,
    StatisticFilter,
    "figures sources claim (all kept, conflicting or not)"
);
list_query!(
    SanctionQuery,
    sanctions,
    sanction,
    sanction,
    Sanction,
    SanctionFilter,
    "sanctions listings"
);
list_query!(
    TestimonyQuery,
    testimonies,
    testimony,
    testimony,
    Testimony,
    TestimonyFilter,
    "testimonies (restricted unless the witness is public)"
);
