//! Creating and changing organizations.

use async_graphql::{InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{IntoDomain, change, create_and_update, visibility};
use crate::graphql::types::{Organization, OrganizationKind, Visibility};
use crate::service::records::organization::{NewOrganization, OrganizationPatch};

/// A new organization.
#[derive(InputObject)]
pub struct CreateOrganizationInput {
    /// Stable key: lowercase words joined by hyphens, e.g. `snhr`.
    pub slug: String,
    /// The organization's name in English.
    pub name: String,
    /// A short form, e.g. `SNHR`.
    pub abbreviation: Option<String>,
    /// What kind of body it is.
    pub kind: OrganizationKind,
    /// Where it is based, ISO 3166-1 alpha-2 (e.g. `DE`).
    pub country: Option<String>,
    /// Its website, an http:// or https:// address.
    pub url: Option<String>,
    /// What the sources say, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to an organization: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateOrganizationInput {
    /// A new name.
    pub name: Option<String>,
    /// A new abbreviation, or null.
    pub abbreviation: MaybeUndefined<String>,
    /// A new kind.
    pub kind: Option<OrganizationKind>,
    /// A new country (ISO 3166-1 alpha-2), or null.
    pub country: MaybeUndefined<String>,
    /// A new website, or null.
    pub url: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for CreateOrganizationInput {
    type Domain = NewOrganization;
    fn into_domain(self) -> Result<NewOrganization> {
        Ok(NewOrganization {
            slug: self.slug,
            name: self.name,
            abbreviation: self.abbreviation,
            kind: self.kind.into(),
            country: self.country,
            url: self.url,
            description: self.description,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateOrganizationInput {
    type Domain = OrganizationPatch;
    fn into_domain(self) -> Result<OrganizationPatch> {
        Ok(OrganizationPatch {
            name: self.name,
            abbreviation: change(self.abbreviation),
            kind: self.kind.map(Into::into),
            country: change(self.country),
            url: change(self.url),
            description: change(self.description),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "OrganizationMutation", entity: organization, output: Organization,
    /// Adds an organization. Editors and admins.
    create: create_organization(CreateOrganizationInput, "The organization."),
    /// Changes an organization; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    update: update_organization(UpdateOrganizationInput),
}
