//! Creating and changing sanctions: listings of a branch or person by an authority.

use async_graphql::{ID, InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{
    IntoDomain, any_id, change, change_id, create_and_update, opt_id, visibility,
};
use crate::graphql::types::{Sanction, Visibility};
use crate::ids::NodeType;
use crate::service::records::sanction::{NewSanction, SanctionPatch};

/// A new sanction.
#[derive(InputObject)]
pub struct CreateSanctionInput {
    /// The branch or person listed.
    pub target_id: ID,
    /// The authority that listed it, when it is an organization in the record. Give this,
    /// `authorityName`, or both.
    pub authority_id: Option<ID>,
    /// The authority's name as the source gives it, e.g. `U.S. Department of the Treasury`.
    pub authority_name: Option<String>,
    /// The sanctions programme, e.g. `SYRIA`.
    pub program: Option<String>,
    /// When the listing was made (EDTF).
    pub listed: Option<String>,
    /// What the sources say about it, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a sanction: omitted fields stay; `null` clears a nullable one (an authority
/// must remain, by id or by name).
#[derive(InputObject)]
pub struct UpdateSanctionInput {
    /// Another branch or person.
    pub target_id: Option<ID>,
    /// A new authority organization, or null.
    pub authority_id: MaybeUndefined<ID>,
    /// A new authority name, or null.
    pub authority_name: MaybeUndefined<String>,
    /// A new programme, or null.
    pub program: MaybeUndefined<String>,
    /// A new listing date (EDTF), or null.
    pub listed: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for CreateSanctionInput {
    type Domain = NewSanction;
    fn into_domain(self) -> Result<NewSanction> {
        Ok(NewSanction {
            target: any_id("targetId", &self.target_id)?,
            authority_id: opt_id(
                "authorityId",
                NodeType::Organization,
                self.authority_id.as_ref(),
            )?,
            authority_name: self.authority_name,
            program: self.program,
            listed: self.listed,
            description: self.description,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateSanctionInput {
    type Domain = SanctionPatch;
    fn into_domain(self) -> Result<SanctionPatch> {
        Ok(SanctionPatch {
            target: self
                .target_id
                .as_ref()
                .map(|id| any_id("targetId", id))
                .transpose()?,
            authority_id: change_id("authorityId", NodeType::Organization, self.authority_id)?,
            authority_name: change(self.authority_name),
            program: change(self.program),
            listed: change(self.listed),
            description: change(self.description),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "SanctionMutation", entity: sanction, output: Sanction,
    /// Adds a listing of a branch or a person by an authority. It is hidden from whoever
    /// may not see the branch or person. Editors and admins.
    create: create_sanction(CreateSanctionInput, "The sanction."),
    /// Changes a sanction; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    update: update_sanction(UpdateSanctionInput),
}
