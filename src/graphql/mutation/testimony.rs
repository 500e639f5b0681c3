//! Creating and changing testimonies: restricted unless stated otherwise, and hidden with
//! their witness.

use async_graphql::{ID, InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{
    IntoDomain, change, change_id, create_and_update, id_of, opt_id, visibility,
};
use crate::graphql::types::{Testimony, Visibility};
use crate::ids::NodeType;
use crate::service::records::testimony::{NewTestimony, TestimonyPatch};

/// A new testimony.
#[derive(InputObject)]
pub struct CreateTestimonyInput {
    /// Who testified.
    pub witness_id: ID,
    /// The trial it was given in. Give this, `facilityId`, or both.
    pub trial_id: Option<ID>,
    /// The facility it is about.
    pub facility_id: Option<ID>,
    /// What the testimony says, in brief.
    pub summary: String,
    /// When it was given (EDTF).
    pub given: Option<String>,
    /// Who may read it; restricted when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a testimony: omitted fields stay; `null` clears a nullable one (a trial or
/// a facility must remain).
#[derive(InputObject)]
pub struct UpdateTestimonyInput {
    /// Another witness.
    pub witness_id: Option<ID>,
    /// Another trial, or null.
    pub trial_id: MaybeUndefined<ID>,
    /// Another facility, or null.
    pub facility_id: MaybeUndefined<ID>,
    /// A new summary.
    pub summary: Option<String>,
    /// A new date (EDTF), or null.
    pub given: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for CreateTestimonyInput {
    type Domain = NewTestimony;
    fn into_domain(self) -> Result<NewTestimony> {
        Ok(NewTestimony {
            witness_id: id_of("witnessId", NodeType::Person, &self.witness_id)?,
            trial_id: opt_id("trialId", NodeType::Trial, self.trial_id.as_ref())?,
            facility_id: opt_id("facilityId", NodeType::Facility, self.facility_id.as_ref())?,
            summary: self.summary,
            given: self.given,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateTestimonyInput {
    type Domain = TestimonyPatch;
    fn into_domain(self) -> Result<TestimonyPatch> {
        Ok(TestimonyPatch {
            witness_id: opt_id("witnessId", NodeType::Person, self.witness_id.as_ref())?,
            trial_id: change_id("trialId", NodeType::Trial, self.trial_id)?,
            facility_id: change_id("facilityId", NodeType::Facility, self.facility_id)?,
            summary: self.summary,
            given: change(self.given),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "TestimonyMutation", entity: testimony, output: Testimony,
    /// Adds a witness's account; restricted unless `visibility` says otherwise. Editors
    /// and admins.
    create: create_testimony(CreateTestimonyInput, "The testimony."),
    /// Changes a testimony; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    update: update_testimony(UpdateTestimonyInput),
}
