//! Creating and changing agencies.

use async_graphql::{InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{IntoDomain, change, change_of, create_and_update, visibility};
use crate::graphql::types::{Agency, AgencyKind, Visibility};
use crate::service::records::agency::{AgencyPatch, NewAgency};

/// A new agency.
#[derive(InputObject)]
pub struct CreateAgencyInput {
    /// Stable key: lowercase words joined by hyphens, e.g. `general-intelligence-directorate`.
    pub slug: String,
    /// The usual English name.
    pub name: String,
    /// A short form in use, e.g. `GID`.
    pub abbreviation: Option<String>,
    /// What kind of state body it is.
    pub kind: Option<AgencyKind>,
    /// The state it belongs to, ISO 3166-1 alpha-2 (e.g. `SY`).
    pub country: Option<String>,
    /// What the sources say, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to an agency: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateAgencyInput {
    /// A new name.
    pub name: Option<String>,
    /// A new abbreviation, or null.
    pub abbreviation: MaybeUndefined<String>,
    /// A new kind, or null.
    pub kind: MaybeUndefined<AgencyKind>,
    /// A new country (ISO 3166-1 alpha-2), or null.
    pub country: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for CreateAgencyInput {
    type Domain = NewAgency;
    fn into_domain(self) -> Result<NewAgency> {
        Ok(NewAgency {
            slug: self.slug,
            name: self.name,
            abbreviation: self.abbreviation,
            kind: self.kind.map(Into::into),
            country: self.country,
            description: self.description,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateAgencyInput {
    type Domain = AgencyPatch;
    fn into_domain(self) -> Result<AgencyPatch> {
        Ok(AgencyPatch {
            name: self.name,
            abbreviation: change(self.abbreviation),
            kind: change_of(self.kind),
            country: change(self.country),
            description: change(self.description),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "AgencyMutation", entity: agency, output: Agency,
    /// Adds an agency. Editors and admins.
    create: create_agency(CreateAgencyInput, "The agency."),
    /// Changes an agency; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    update: update_agency(UpdateAgencyInput),
}
