//! The chain of command at a date (`Person.chainOfCommand(at:)`): for each of the
//! person's postings active then, its branch and the branches above it, each with the
//! postings that headed it then (`service::command`), up to the agency. It is the
//! chain command responsibility follows, so what the record does not say is part of
//! the answer: a level with no head known at the date is reported (with the heads the
//! sources name without dates), and so are a cycle in the record's branches and a
//! chain deeper than any real one. A branch the reader may not see ends the chain as a
//! branch with no parent would: its existence is not revealed.

use std::collections::HashSet;

use async_graphql::{Context, Object, Result, SimpleObject};
use entity::{agency, branch};
use futures_util::future::try_join_all;
use uuid::Uuid;

use crate::edtf::Edtf;
use crate::graphql::active::active_page;
use crate::graphql::connection::{AsOf, all_children, one};
use crate::graphql::inline::Inline;
use crate::graphql::scalars::date_argument;
use crate::graphql::types::{
    Agency, Branch, Certainty, ChainBreakKind, Citation, Posting, citations_of,
};
use crate::service::page::Window;
use crate::service::records::{Sort, SortKey};
use crate::service::relations::{BranchCommanders, BranchUndatedCommanders, PersonPostings};

/// Branches above a posting's branch, at most (real chains have three or four).
pub const MAX_DEPTH: usize = 16;
/// A person's postings active at one date, at most.
pub const MAX_CHAINS: u32 = 20;
/// Heads of one level at one date, at most.
pub const MAX_COMMANDERS: u32 = 20;

/// The chain above one posting.
pub struct CommandChain {
    posting: Posting,
    levels: Vec<CommandLevel>,
    agency: Option<Agency>,
    breaks: Vec<ChainBreak>,
}

/// The chain of command above one posting at a date.
#[Object]
impl CommandChain {
    /// The person's posting active at the date, with its `certainty`.
    async fn posting(&self) -> &Posting {
        &self.posting
    }

    /// The posting's branch first, then each branch above it, to the top branch.
    // Weighed at its deepest. The chains themselves are not weighed (`chainOfCommand`
    // is a field of `Person`'s generated object, which cannot weigh its own list): the
    // levels of all a query's chains are read together, one statement per depth.
    #[graphql(complexity = "MAX_DEPTH.saturating_mul(child_complexity)")]
    async fn levels(&self) -> &[CommandLevel] {
        &self.levels
    }

    /// The agency the top branch belongs to.
    async fn agency(&self) -> Option<&Agency> {
        self.agency.as_ref()
    }

    /// Where the chain is broken or incomplete, in order from the posting up.
    async fn breaks(&self) -> &[ChainBreak] {
        &self.breaks
    }
}

/// One branch in a chain, with who headed it at the date.
pub struct CommandLevel {
    branch: Branch,
    depth: i32,
    /// The field of `branch` whose citations tie it to the next level up.
    link: &'static str,
    commanders: Vec<Posting>,
    undated: Vec<Posting>,
}

/// One branch in a chain of command, with who headed it at the date.
#[Object]
impl CommandLevel {
    /// The branch.
    async fn branch(&self) -> &Branch {
        &self.branch
    }

    /// 0 for the posting's branch, 1 for the branch above it, and so on.
    async fn depth(&self) -> i32 {
        self.depth
    }

    /// The postings in a command role (head of branch, of department, director…; see
    /// docs/api.md) in this branch active at the date, each with its `certainty` and
    /// its citations.
    #[graphql(complexity = "(MAX_COMMANDERS as usize).saturating_mul(child_complexity)")]
    async fn commanders(&self) -> &[Posting] {
        &self.commanders
    }

    /// Postings in a command role here that the sources give no period for: someone
    /// is said to have headed the branch, not when. Never placed at the date, and not
    /// left out of the answer.
    #[graphql(complexity = "(MAX_COMMANDERS as usize).saturating_mul(child_complexity)")]
    async fn undated_commanders(&self) -> &[Posting] {
        &self.undated
    }

    /// The sources that place this branch under the next level: its `parent`
    /// citations, or at the top, its `agency` citations.
    async fn link_citations(&self, ctx: &Context<'_>) -> Result<Vec<Inline<Citation>>> {
        citations_of(
            ctx,
            self.branch.1,
            self.branch.0.id,
            Some(self.link.to_owned()),
        )
        .await
    }
}

/// One break in a chain.
#[derive(SimpleObject)]
pub struct ChainBreak {
    /// What is wrong.
    kind: ChainBreakKind,
    /// Where: the branch concerned (for the agency's head, the top branch).
    branch: Branch,
    /// The break in words, for a reader.
    message: String,
}

/// The chains of command above each of `person`'s postings active at `at`.
pub async fn chains_of(
    ctx: &Context<'_>,
    as_of: AsOf,
    person: Uuid,
    at: &str,
    certainty: Option<Certainty>,
) -> Result<Vec<CommandChain>> {
    let at = date_argument(at)?;
    let least = certainty.unwrap_or(Certainty::Possible);
    let by_date = Sort {
        key: SortKey::Date,
        descending: false,
    };
    let postings = active_page::<_, Posting>(
        ctx,
        as_of,
        PersonPostings,
        person,
        (&at, least),
        by_date,
        Window::first(MAX_CHAINS)?,
    )
    .await?;
    try_join_all(
        postings
            .items
            .into_iter()
            .map(|(_, posting)| chain(ctx, posting, (&at, least))),
    )
    .await
}

/// The chain above one posting: its branches walked up through the request's loader
/// (the chains of several postings share each level's statement), then every level's
/// heads read together.
async fn chain(
    ctx: &Context<'_>,
    posting: Posting,
    asked: (&Edtf, Certainty),
) -> Result<CommandChain> {
    let mut branches: Vec<Branch> = Vec::new();
    let mut breaks = Vec::new();
    let mut seen = HashSet::new();
    // As of the instant the posting was read as of, like everything it leads to.
    let as_of = posting.1;
    let mut next = Some(posting.0.branch_id);
    while let Some(id) = next {
        let last = branches.last().cloned();
        if !seen.insert(id) {
            if let Some(branch) = last {
                let message = format!(
                    "the parents of {} lead back to a branch already in this chain",
                    branch.0.name
                );
                breaks.push(break_at(ChainBreakKind::Cycle, branch, message));
            }
            break;
        }
        if branches.len() == MAX_DEPTH {
            if let Some(branch) = last {
                let message = format!("the chain is followed for {MAX_DEPTH} levels and goes on");
                breaks.push(break_at(ChainBreakKind::TooDeep, branch, message));
            }
            break;
        }
        // A branch the reader may not see ends the chain like a missing parent.
        let Some(branch) = one::<branch::Entity, Branch>(ctx, as_of, id).await? else {
            break;
        };
        next = branch.0.parent_id;
        branches.push(branch);
    }
    let agency = match branches.last() {
        Some(top) => one::<agency::Entity, Agency>(ctx, as_of, top.0.agency_id).await?,
        None => None,
    };

    let window = Window::first(MAX_COMMANDERS)?;
    let heads = try_join_all(branches.iter().map(|b| {
        active_page::<_, Posting>(
            ctx,
            as_of,
            BranchCommanders,
            b.0.id,
            asked,
            Sort::default(),
            window,
        )
    }))
    .await?;
    let undated: Vec<Vec<Posting>> = try_join_all(
        branches
            .iter()
            .map(|b| all_children(ctx, as_of, BranchUndatedCommanders, b.0.id, MAX_COMMANDERS)),
    )
    .await?;

    let top = branches.len().saturating_sub(1);
    let mut levels = Vec::with_capacity(branches.len());
    let mut no_head = Vec::new();
    for (depth, ((branch, heads), undated)) in
        branches.into_iter().zip(heads).zip(undated).enumerate()
    {
        let commanders: Vec<Posting> = heads.items.into_iter().map(|(_, p)| p).collect();
        if commanders.is_empty() {
            let message = match undated.len() {
                0 => format!(
                    "no one is recorded heading {} at {}",
                    branch.0.name,
                    asked.0.as_str()
                ),
                n => format!(
                    "no one is recorded heading {} at {}; {n} undated posting(s) say who headed it, not when",
                    branch.0.name,
                    asked.0.as_str()
                ),
            };
            no_head.push(break_at(
                ChainBreakKind::NoCommanderAtDate,
                branch.clone(),
                message,
            ));
        }
        levels.push(CommandLevel {
            branch,
            depth: i32::try_from(depth).unwrap_or(i32::MAX),
            link: if depth == top { "agency" } else { "parent" },
            commanders,
            undated,
        });
    }
    // In order from the posting up: the levels' gaps, then where the walk stopped.
    no_head.append(&mut breaks);
    if let (Some(agency), Some(level)) = (&agency, levels.last()) {
        let message = format!(
            "daleel records who headed branches, not agencies: who headed {} at {} is not in the record",
            agency.0.name,
            asked.0.as_str()
        );
        no_head.push(break_at(
            ChainBreakKind::AgencyHeadNotRecorded,
            level.branch.clone(),
            message,
        ));
    }
    Ok(CommandChain {
        posting,
        levels,
        agency,
        breaks: no_head,
    })
}

fn break_at(kind: ChainBreakKind, branch: Branch, message: String) -> ChainBreak {
    ChainBreak {
        kind,
        branch,
        message,
    }
}
