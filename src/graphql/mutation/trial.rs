//! Creating and changing trials.

use async_graphql::{ID, InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{
    IntoDomain, change, change_id, change_of, create_and_update, opt_id, visibility,
};
use crate::graphql::types::{LegalBasis, Trial, TrialStatus, Visibility};
use crate::ids::NodeType;
use crate::service::records::trial::{NewTrial, TrialPatch};

/// A new trial.
#[derive(InputObject)]
pub struct CreateTrialInput {
    /// Stable key: lowercase words joined by hyphens, e.g. `koblenz-trial`.
    pub slug: String,
    /// The name the proceeding is known by.
    pub name: String,
    /// The id of the court (an organization) that heard it.
    pub court_id: Option<ID>,
    /// Where it was held, ISO 3166-1 alpha-2 (e.g. `DE`).
    pub country: Option<String>,
    /// The ground on which the court tried it.
    pub legal_basis: Option<LegalBasis>,
    /// The court's case reference.
    pub case_reference: Option<String>,
    /// When it ran (EDTF, e.g. `2020-04-23/2022-01-13`).
    pub period: Option<String>,
    /// Where it stands.
    pub status: TrialStatus,
    /// What the sources say, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a trial: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateTrialInput {
    /// A new name.
    pub name: Option<String>,
    /// The id of the court (an organization) that heard it, or null.
    pub court_id: MaybeUndefined<ID>,
    /// A new country (ISO 3166-1 alpha-2), or null.
    pub country: MaybeUndefined<String>,
    /// A new legal basis, or null.
    pub legal_basis: MaybeUndefined<LegalBasis>,
    /// A new case reference, or null.
    pub case_reference: MaybeUndefined<String>,
    /// A new period (EDTF), or null.
    pub period: MaybeUndefined<String>,
    /// A new status.
    pub status: Option<TrialStatus>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for CreateTrialInput {
    type Domain = NewTrial;
    fn into_domain(self) -> Result<NewTrial> {
        Ok(NewTrial {
            slug: self.slug,
            name: self.name,
            court_id: opt_id("courtId", NodeType::Organization, self.court_id.as_ref())?,
            country: self.country,
            legal_basis: self.legal_basis.map(Into::into),
            case_reference: self.case_reference,
            period: self.period,
            status: self.status.into(),
            description: self.description,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateTrialInput {
    type Domain = TrialPatch;
    fn into_domain(self) -> Result<TrialPatch> {
        Ok(TrialPatch {
            name: self.name,
            court_id: change_id("courtId", NodeType::Organization, self.court_id)?,
            country: change(self.country),
            legal_basis: change_of(self.legal_basis),
            case_reference: change(self.case_reference),
            period: change(self.period),
            status: self.status.map(Into::into),
            description: change(self.description),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "TrialMutation", entity: trial, output: Trial,
    /// Adds a trial. Editors and admins.
    create: create_trial(CreateTrialInput, "The trial."),
    /// Changes a trial; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    update: update_trial(UpdateTrialInput),
}
