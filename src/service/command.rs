//! Command: which postings hold command over a branch, and the relations that list
//! them. Posting roles are an open vocabulary; these are the ones that mean heading a
//! unit, so that "who commanded Branch 251 in 2011-06" has an answer that does not
//! depend on how a title was worded. A deputy does not command, and an officer,
//! investigator or guard serves under command; the list is in docs/api.md.

use entity::posting;
use sea_orm::sea_query::{Expr, ExprTrait};

use crate::service::access::Viewer;
use crate::service::page::Listing;
use crate::service::page_limit::Parents;
use crate::service::records::Sort;
use crate::service::relations::{BranchPostings, ToMany};

/// The posting roles that head the branch they are in.
pub const COMMAND_ROLES: &[&str] = &[
    "head_of_branch",
    "head_of_department",
    "head_of_division",
    "head_of_section",
    "head_of_unit",
    "director",
    "commander",
];

/// A branch's postings in a command role.
fn command_postings(parents: &Parents, viewer: Viewer, sort: Sort) -> Listing<posting::Entity> {
    let mut listing = BranchPostings.listing(parents, viewer, sort);
    listing.select.and_where(
        Expr::col((posting::Entity, posting::Column::Role)).is_in(COMMAND_ROLES.iter().copied()),
    );
    listing
}

/// The postings that head a branch (to be asked at a date: `service::active`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BranchCommanders;

impl ToMany for BranchCommanders {
    type Child = posting::Entity;
    fn listing(&self, parents: &Parents, viewer: Viewer, sort: Sort) -> Listing<posting::Entity> {
        command_postings(parents, viewer, sort)
    }
}

/// The postings that head a branch with no period at all: a source says who
/// commanded it, not when. They cannot be placed at a date, and are not dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BranchUndatedCommanders;

impl ToMany for BranchUndatedCommanders {
    type Child = posting::Entity;
    fn listing(&self, parents: &Parents, viewer: Viewer, sort: Sort) -> Listing<posting::Entity> {
        let mut listing = command_postings(parents, viewer, sort);
        listing
            .select
            .and_where(Expr::col((posting::Entity, posting::Column::Period)).is_null());
        listing
    }
}
