//! Creating and changing facilities.

use async_graphql::{InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{IntoDomain, change, create_and_update, visibility};
use crate::graphql::types::{
    Facility, FacilityKind, FacilityStatus, LocationPrecision, Visibility,
};
use crate::service::records::facility::{FacilityPatch, Location, NewFacility};

/// Where a facility is.
#[derive(InputObject, Clone, Default)]
pub struct LocationInput {
    /// Street address.
    pub address: Option<String>,
    /// Neighbourhood or quarter.
    pub neighbourhood: Option<String>,
    /// Town or city.
    pub city: Option<String>,
    /// Region or governorate.
    pub region: Option<String>,
    /// Country, ISO 3166-1 alpha-2 (e.g. `SY`).
    pub country: Option<String>,
    /// Latitude, decimal degrees (with `longitude`).
    pub latitude: Option<f64>,
    /// Longitude, decimal degrees (with `latitude`).
    pub longitude: Option<f64>,
    /// How precisely the coordinates locate the place.
    pub precision: Option<LocationPrecision>,
}

/// A new facility.
#[derive(InputObject)]
pub struct CreateFacilityInput {
    /// Stable key: lowercase words joined by hyphens, e.g. `mezzeh-military-airport-prison`.
    pub slug: String,
    /// The usual English name.
    pub name: String,
    /// What kind of place it is.
    pub kind: FacilityKind,
    /// Whether it still holds people.
    pub status: FacilityStatus,
    /// Where it is.
    pub location: Option<LocationInput>,
    /// When it opened (EDTF, e.g. `1987`, `2011-03~`).
    pub opened: Option<String>,
    /// When it closed (EDTF).
    pub closed: Option<String>,
    /// What the sources say, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a facility: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateFacilityInput {
    /// A new name.
    pub name: Option<String>,
    /// A new kind.
    pub kind: Option<FacilityKind>,
    /// A new status.
    pub status: Option<FacilityStatus>,
    /// A new location (replaces the whole location).
    pub location: Option<LocationInput>,
    /// A new opening date (EDTF), or null.
    pub opened: MaybeUndefined<String>,
    /// A new closing date (EDTF), or null.
    pub closed: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl From<LocationInput> for Location {
    fn from(l: LocationInput) -> Location {
        Location {
            address: l.address,
            neighbourhood: l.neighbourhood,
            city: l.city,
            region: l.region,
            country: l.country,
            latitude: l.latitude,
            longitude: l.longitude,
            precision: l.precision.map(Into::into),
        }
    }
}

impl IntoDomain for CreateFacilityInput {
    type Domain = NewFacility;
    fn into_domain(self) -> Result<NewFacility> {
        Ok(NewFacility {
            slug: self.slug,
            name: self.name,
            kind: self.kind.into(),
            status: self.status.into(),
            location: self.location.unwrap_or_default().into(),
            opened: self.opened,
            closed: self.closed,
            description: self.description,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateFacilityInput {
    type Domain = FacilityPatch;
    fn into_domain(self) -> Result<FacilityPatch> {
        Ok(FacilityPatch {
            name: self.name,
            kind: self.kind.map(Into::into),
            status: self.status.map(Into::into),
            location: self.location.map(Into::into),
            opened: change(self.opened),
            closed: change(self.closed),
            description: change(self.description),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "FacilityMutation", entity: facility, output: Facility,
    /// Adds a facility. Editors and admins.
    create: create_facility(CreateFacilityInput, "The facility."),
    /// Changes a facility. `expectedVersion` is the `version` you read: if someone changed
    /// it since, nothing is written and the error is CONFLICT. Editors and admins.
    update: update_facility(UpdateFacilityInput),
}
