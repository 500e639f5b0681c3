//! Creating and changing facility operations: which branch ran a facility, when.

use async_graphql::{ID, InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{IntoDomain, change, create_and_update, id_of, opt_id, visibility};
use crate::graphql::types::{FacilityOperation, Visibility};
use crate::ids::NodeType;
use crate::service::records::facility_operation::{FacilityOperationPatch, NewFacilityOperation};

/// A new facility operation.
#[derive(InputObject)]
pub struct CreateFacilityOperationInput {
    /// The facility.
    pub facility_id: ID,
    /// The branch that ran it.
    pub branch_id: ID,
    /// When (EDTF, e.g. `2011/2024-12`).
    pub period: Option<String>,
    /// What the sources say about it, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a facility operation: omitted fields stay; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateFacilityOperationInput {
    /// Another facility.
    pub facility_id: Option<ID>,
    /// Another branch.
    pub branch_id: Option<ID>,
    /// A new period (EDTF), or null.
    pub period: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for CreateFacilityOperationInput {
    type Domain = NewFacilityOperation;
    fn into_domain(self) -> Result<NewFacilityOperation> {
        Ok(NewFacilityOperation {
            facility_id: id_of("facilityId", NodeType::Facility, &self.facility_id)?,
            branch_id: id_of("branchId", NodeType::Branch, &self.branch_id)?,
            period: self.period,
            description: self.description,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateFacilityOperationInput {
    type Domain = FacilityOperationPatch;
    fn into_domain(self) -> Result<FacilityOperationPatch> {
        Ok(FacilityOperationPatch {
            facility_id: opt_id("facilityId", NodeType::Facility, self.facility_id.as_ref())?,
            branch_id: opt_id("branchId", NodeType::Branch, self.branch_id.as_ref())?,
            period: change(self.period),
            description: change(self.description),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "FacilityOperationMutation", entity: facility_operation, output: FacilityOperation,
    /// Records that a branch ran a facility over a period. Editors and admins.
    create: create_facility_operation(CreateFacilityOperationInput, "The facility operation."),
    /// Changes a facility operation; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    update: update_facility_operation(UpdateFacilityOperationInput),
}
