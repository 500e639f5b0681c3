//! Creating and changing postings: a person's role in a branch over a period.

use async_graphql::{ID, InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{IntoDomain, change, create_and_update, id_of, opt_id, visibility};
use crate::graphql::types::{Posting, Visibility};
use crate::ids::NodeType;
use crate::service::records::posting::{NewPosting, PostingPatch};

/// A new posting.
#[derive(InputObject)]
pub struct CreatePostingInput {
    /// The person posted.
    pub person_id: ID,
    /// The branch they were posted in.
    pub branch_id: ID,
    /// The role, normalised snake_case, e.g. `head_of_branch`, `investigator`, `guard`.
    pub role: String,
    /// The title as the source words it.
    pub title: Option<String>,
    /// Military or police rank, e.g. `colonel`.
    pub rank: Option<String>,
    /// When (EDTF, e.g. `2008/2012-09`).
    pub period: Option<String>,
    /// What the sources say about it, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a posting: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdatePostingInput {
    /// Another person.
    pub person_id: Option<ID>,
    /// Another branch.
    pub branch_id: Option<ID>,
    /// A new role (snake_case).
    pub role: Option<String>,
    /// A new title, or null.
    pub title: MaybeUndefined<String>,
    /// A new rank, or null.
    pub rank: MaybeUndefined<String>,
    /// A new period (EDTF), or null.
    pub period: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for CreatePostingInput {
    type Domain = NewPosting;
    fn into_domain(self) -> Result<NewPosting> {
        Ok(NewPosting {
            person_id: id_of("personId", NodeType::Person, &self.person_id)?,
            branch_id: id_of("branchId", NodeType::Branch, &self.branch_id)?,
            role: self.role,
            title: self.title,
            rank: self.rank,
            period: self.period,
            description: self.description,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdatePostingInput {
    type Domain = PostingPatch;
    fn into_domain(self) -> Result<PostingPatch> {
        Ok(PostingPatch {
            person_id: opt_id("personId", NodeType::Person, self.person_id.as_ref())?,
            branch_id: opt_id("branchId", NodeType::Branch, self.branch_id.as_ref())?,
            role: self.role,
            title: change(self.title),
            rank: change(self.rank),
            period: change(self.period),
            description: change(self.description),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "PostingMutation", entity: posting, output: Posting,
    /// Adds a posting: a person's role in a branch over a period. It is hidden from
    /// whoever may not see the person or the branch. Editors and admins.
    create: create_posting(CreatePostingInput, "The posting."),
    /// Changes a posting; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    update: update_posting(UpdatePostingInput),
}
