//! The one-to-many relations of the graph, each a type so that a loader key names
//! its relation and its child type together. Each builds one `Listing`, for a whole
//! batch of parents or for the one parent of a per-parent read; the page is cut in SQL
//! by `page_limit.rs` (or `page.rs`'s window plan).

use entity::*;
use sea_orm::IdenStatic;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query, SelectStatement};

use crate::service::sort_copy::PERSON_NAME;

pub use crate::service::command::{BranchCommanders, BranchUndatedCommanders};

use crate::service::access::Viewer;
use crate::service::page::Listing;
use crate::service::page_limit::Parents;
use crate::service::records::{Record, Sort, SortKey};

/// A relation from a parent record to a list of `Child` records.
pub trait ToMany: Copy + Eq + std::hash::Hash + std::fmt::Debug + Send + Sync + 'static {
    type Child: Record;
    /// The children of `parents` that `viewer` may see, to be listed in `sort` order.
    /// A relation may carry a condition of its own (`ActiveAt`); most are unit types.
    fn listing(&self, parents: &Parents, viewer: Viewer, sort: Sort) -> Listing<Self::Child>;
}

/// Visible rows of `E`; the starting point of every list. A viewer reading as of an
/// instant reads `E`'s versions at that instant under `E`'s own name, so everything
/// built on this reads as it was.
pub fn visible<E: Record>(viewer: Viewer) -> SelectStatement {
    let table = E::default();
    let mut select = Query::select();
    match crate::service::versions::read_as_of::<E>(viewer) {
        None => select.from(table),
        Some(rows) => select.from_subquery(rows, table),
    };
    select.cond_where(viewer.can_see((table, E::effective_col())));
    select
}

/// Children that point at their parent with a foreign key column of their own.
fn direct<E: Record>(parents: &Parents, viewer: Viewer, fk: E::Column) -> Listing<E> {
    let table = E::default();
    let mut select = visible::<E>(viewer);
    select.and_where(parents.matched_by(Expr::col((table, fk))));
    let parent = match parents {
        Parents::Batch(_) => Expr::col((table, fk)),
        Parents::Outer { parent, .. } => parent.clone(),
    };
    Listing::nested(select, parent)
}

/// Children reached through a link table `L` (e.g. facility_operation), each child
/// listed once per parent however many link rows connect them.
fn linked<E: Record, L: Record>(
    parents: &Parents,
    viewer: Viewer,
    parent_col: L::Column,
    child_col: L::Column,
) -> Listing<E> {
    let mut links = visible::<L>(viewer);
    links.and_where(parents.matched_by(Expr::col((L::default(), parent_col))));
    match parents {
        // Each (parent, child) pair once, joined to its child.
        Parents::Batch(_) => {
            let link = Alias::new("link");
            links
                .distinct()
                .column((L::default(), parent_col))
                .column((L::default(), child_col));
            let mut select = visible::<E>(viewer);
            select.join_subquery(
                JoinType::InnerJoin,
                links,
                link.clone(),
                Expr::col((link.clone(), Alias::new(child_col.as_str())))
                    .equals((E::default(), E::id_col())),
            );
            Listing::nested(select, Expr::col((link, Alias::new(parent_col.as_str()))))
        }
        // The one parent's children: a semi-join needs no DISTINCT.
        Parents::Outer { parent, .. } => {
            links.column((L::default(), child_col));
            Listing::nested(in_links::<E>(viewer, links), parent.clone())
        }
    }
}

/// The visible rows of `E` whose id `links` selects.
fn in_links<E: Record>(viewer: Viewer, links: SelectStatement) -> SelectStatement {
    let mut select = visible::<E>(viewer);
    select.and_where(Expr::col((E::default(), E::id_col())).in_subquery(links));
    select
}

macro_rules! direct_relation {
    ($(#[$doc:meta])* $name:ident, $child:ident, $fk:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name;
        impl ToMany for $name {
            type Child = $child::Entity;
            fn listing(&self, parents: &Parents, viewer: Viewer, _: Sort) -> Listing<$child::Entity> {
                direct::<$child::Entity>(parents, viewer, $child::Column::$fk)
            }
        }
    };
}

macro_rules! linked_relation {
    ($(#[$doc:meta])* $name:ident, $child:ident, $link:ident, $parent_col:ident, $child_col:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name;
        impl ToMany for $name {
            type Child = $child::Entity;
            fn listing(&self, parents: &Parents, viewer: Viewer, _: Sort) -> Listing<$child::Entity> {
                linked::<$child::Entity, $link::Entity>(
                    parents,
                    viewer,
                    $link::Column::$parent_col,
                    $link::Column::$child_col,
                )
            }
        }
    };
}

linked_relation!(
    /// Branches that ran a facility.
    FacilityBranches, branch, facility_operation, FacilityId, BranchId);
linked_relation!(
    /// Facilities a branch ran.
    BranchFacilities, facility, facility_operation, BranchId, FacilityId);
/// Persons posted in a branch, each once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BranchOfficers;

impl ToMany for BranchOfficers {
    type Child = person::Entity;
    fn listing(&self, parents: &Parents, viewer: Viewer, sort: Sort) -> Listing<person::Entity> {
        match parents {
            // By name, one branch's first officers come off the posting index on
            // (branch, person's name, person) that `sort_copy.rs` keeps: a large branch
            // is not read whole to find its first twenty names.
            Parents::Outer { parent, limit } if sort.key == SortKey::Name => {
                let mut links = visible::<posting::Entity>(viewer);
                let name = Expr::col((posting::Entity, PERSON_NAME));
                let person = Expr::col((posting::Entity, posting::Column::PersonId));
                let direction = if sort.descending {
                    Order::Desc
                } else {
                    Order::Asc
                };
                links
                    .column((posting::Entity, posting::Column::PersonId))
                    .and_where(
                        Expr::col((posting::Entity, posting::Column::BranchId)).eq(parent.clone()),
                    )
                    .add_group_by([name.clone(), person.clone()])
                    .order_by_expr(name, direction)
                    .order_by_expr(person, Order::Asc)
                    .limit(*limit);
                Listing::nested(in_links::<person::Entity>(viewer, links), parent.clone())
            }
            _ => linked::<person::Entity, posting::Entity>(
                parents,
                viewer,
                posting::Column::BranchId,
                posting::Column::PersonId,
            ),
        }
    }
}
direct_relation!(
    /// Captures of a source's content.
    SourceCaptures, capture, SourceId);
direct_relation!(
    /// Periods in which branches ran a facility.
    FacilityOperations, facility_operation, FacilityId);
direct_relation!(
    /// Periods in which a branch ran facilities.
    BranchOperations, facility_operation, BranchId);
direct_relation!(
    /// Units nested under a branch.
    BranchChildren, branch, ParentId);
direct_relation!(
    /// Branches of an agency.
    AgencyBranches, branch, AgencyId);
direct_relation!(
    /// Postings in a branch.
    BranchPostings, posting, BranchId);
direct_relation!(
    /// A person's postings.
    PersonPostings, posting, PersonId);
direct_relation!(
    /// Verdicts on a person.
    PersonVerdicts, verdict, PersonId);
direct_relation!(
    /// Verdicts in a trial.
    TrialVerdicts, verdict, TrialId);
direct_relation!(
    /// Charges in a verdict.
    VerdictCharges, charge, VerdictId);
direct_relation!(
    /// Trials held before a court.
    CourtTrials, trial, CourtId);
direct_relation!(
    /// Sources an organization published.
    PublisherSources, source, PublisherId);
direct_relation!(
    /// Other names of any record.
    SubjectAliases, alias, SubjectId);
direct_relation!(
    /// Citations supporting any record.
    SubjectCitations, citation, SubjectId);
direct_relation!(
    /// Citations of a source.
    SourceCitations, citation, SourceId);
direct_relation!(
    /// Figures about a facility, branch or agency.
    SubjectStatistics, statistic, SubjectId);
direct_relation!(
    /// Figures an organization claims.
    ClaimantStatistics, statistic, ClaimantId);
linked_relation!(
    /// Events that concern a record.
    SubjectEvents, event, event_link, SubjectId, EventId);
direct_relation!(
    /// The records an event concerns (as links).
    EventLinks, event_link, EventId);
direct_relation!(
    /// Listings of a branch or person.
    TargetSanctions, sanction, TargetId);
direct_relation!(
    /// Listings an authority made.
    AuthoritySanctions, sanction, AuthorityId);
direct_relation!(
    /// Testimonies a person gave.
    WitnessTestimonies, testimony, WitnessId);
direct_relation!(
    /// Testimonies given in a trial.
    TrialTestimonies, testimony, TrialId);
direct_relation!(
    /// Testimonies about a facility.
    FacilityTestimonies, testimony, FacilityId);
