//! Creating and changing branches; the domain refuses parent loops.

use async_graphql::{ID, InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{
    IntoDomain, change, change_id, change_of, create_and_update, id_of, opt_id, visibility,
};
use crate::graphql::types::{Branch, BranchKind, Visibility};
use crate::ids::NodeType;
use crate::service::records::branch::{BranchPatch, NewBranch};

/// A new branch.
#[derive(InputObject)]
pub struct CreateBranchInput {
    /// Stable key: lowercase words joined by hyphens, e.g. `branch-251`.
    pub slug: String,
    /// The branch's usual name, e.g. `Al-Khatib Branch`.
    pub name: String,
    /// The branch number where it has one, e.g. `251`.
    pub number: Option<String>,
    /// What level of the agency it is.
    pub kind: Option<BranchKind>,
    /// The id of the agency it belongs to.
    pub agency_id: ID,
    /// The id of the branch it is part of, if any.
    pub parent_id: Option<ID>,
    /// The city it is based in.
    pub city: Option<String>,
    /// What the sources say, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a branch: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateBranchInput {
    /// A new name.
    pub name: Option<String>,
    /// A new number, or null.
    pub number: MaybeUndefined<String>,
    /// A new kind, or null.
    pub kind: MaybeUndefined<BranchKind>,
    /// The id of the agency it now belongs to.
    pub agency_id: Option<ID>,
    /// The id of the branch it is now part of, or null for none. It may not be the branch
    /// itself or one of the branches under it.
    pub parent_id: MaybeUndefined<ID>,
    /// A new city, or null.
    pub city: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for CreateBranchInput {
    type Domain = NewBranch;
    fn into_domain(self) -> Result<NewBranch> {
        Ok(NewBranch {
            slug: self.slug,
            name: self.name,
            number: self.number,
            kind: self.kind.map(Into::into),
            agency_id: id_of("agencyId", NodeType::Agency, &self.agency_id)?,
            parent_id: opt_id("parentId", NodeType::Branch, self.parent_id.as_ref())?,
            city: self.city,
            description: self.description,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateBranchInput {
    type Domain = BranchPatch;
    fn into_domain(self) -> Result<BranchPatch> {
        Ok(BranchPatch {
            name: self.name,
            number: change(self.number),
            kind: change_of(self.kind),
            agency_id: opt_id("agencyId", NodeType::Agency, self.agency_id.as_ref())?,
            parent_id: change_id("parentId", NodeType::Branch, self.parent_id)?,
            city: change(self.city),
            description: change(self.description),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "BranchMutation", entity: branch, output: Branch,
    /// Adds a branch to an agency. Editors and admins.
    create: create_branch(CreateBranchInput, "The branch."),
    /// Changes a branch; a stale `expectedVersion` is a CONFLICT. A branch cannot become
    /// part of itself or of a branch under it. Editors and admins.
    update: update_branch(UpdateBranchInput),
}
