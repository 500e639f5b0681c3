//! Creating and changing facilities.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::facility;
use uuid::Uuid;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::{patch_date, patch_text};
use crate::graphql::types::{
    Facility, FacilityKind, FacilityStatus, LocationPrecision, Visibility,
};
use crate::ids::{NodeType, decode_id_of};
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

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

/// Writes the validated location into `model`.
fn apply_location(model: &mut facility::Model, location: LocationInput) -> Result<()> {
    let (latitude, longitude) = validate::coordinates(location.latitude, location.longitude)?;
    model.address = validate::optional_text("location.address", location.address, 2000)?;
    model.neighbourhood =
        validate::optional_text("location.neighbourhood", location.neighbourhood, 128)?;
    model.city = validate::optional_text("location.city", location.city, 128)?;
    model.region = validate::optional_text("location.region", location.region, 128)?;
    model.country = validate::country("location.country", location.country)?;
    model.latitude = latitude;
    model.longitude = longitude;
    model.location_precision = location.precision.map(|p| p.as_db().to_owned());
    Ok(())
}

#[derive(Default)]
pub struct FacilityMutation;

#[Object]
impl FacilityMutation {
    /// Adds a facility. Editors and admins.
    async fn create_facility(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The facility.")] input: CreateFacilityInput,
    ) -> Result<Facility> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let slug = validate::slug("slug", &input.slug)?;
        let (opened, opened_earliest, opened_latest) =
            validate::fuzzy_date("opened", input.opened)?;
        let (closed, closed_earliest, closed_latest) =
            validate::fuzzy_date("closed", input.closed)?;
        let now = Utc::now();
        let mut model = facility::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: input
                .visibility
                .unwrap_or(Visibility::Public)
                .as_db()
                .into(),
            version: 1,
            archived_at: None,
            slug,
            name: validate::text("name", &input.name, 255)?,
            kind: input.kind.as_db().into(),
            status: input.status.as_db().into(),
            address: None,
            neighbourhood: None,
            city: None,
            region: None,
            country: None,
            latitude: None,
            longitude: None,
            location_precision: None,
            opened,
            opened_earliest,
            opened_latest,
            closed,
            closed_earliest,
            closed_latest,
            description: validate::optional_text("description", input.description, 20_000)?,
        };
        apply_location(&mut model, input.location.unwrap_or_default())?;
        let txn = begin_write(&state.db).await?;
        validate::unique_slug(&txn, NodeType::Facility, &model.slug, None).await?;
        let stored = insert_audited::<facility::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Facility::from(stored))
    }

    /// Changes a facility. `expectedVersion` is the `version` you read: if someone changed
    /// it since, nothing is written and the error is CONFLICT. Editors and admins.
    async fn update_facility(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The facility's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateFacilityInput,
    ) -> Result<Facility> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Facility, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<facility::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(name) = input.name {
            model.name = validate::text("name", &name, 255)?;
        }
        if let Some(kind) = input.kind {
            model.kind = kind.as_db().into();
        }
        if let Some(status) = input.status {
            model.status = status.as_db().into();
        }
        if let Some(location) = input.location {
            apply_location(&mut model, location)?;
        }
        if let Some((text, earliest, latest)) = patch_date("opened", input.opened)? {
            (model.opened, model.opened_earliest, model.opened_latest) = (text, earliest, latest);
        }
        if let Some((text, earliest, latest)) = patch_date("closed", input.closed)? {
            (model.closed, model.closed_earliest, model.closed_latest) = (text, earliest, latest);
        }
        patch_text(
            "description",
            input.description,
            20_000,
            &mut model.description,
        )?;
        if let Some(visibility) = input.visibility {
            model.visibility = visibility.as_db().into();
        }
        model.version = before.version + 1;
        model.updated_at = Utc::now();
        let stored = update_audited::<facility::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Facility::from(stored))
    }
}
