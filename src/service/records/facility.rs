//! Facilities: places where people were held.

use entity::facility::{self, Model};

use crate::service::fields::{self, FieldError, FieldResult, LONG_TEXT_MAX, NAME_MAX, TITLE_MAX};
use crate::service::records::{Change, Kind, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::{FacilityKind, FacilityStatus, LocationPrecision, Visibility};

record!(facility, Facility, Name, OpenedEarliest, OpenedLatest);

/// Where a facility is.
#[derive(Debug, Clone, Default)]
pub struct Location {
    pub address: Option<String>,
    pub neighbourhood: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub precision: Option<LocationPrecision>,
}

/// A new facility.
pub struct NewFacility {
    pub slug: String,
    pub name: String,
    pub kind: FacilityKind,
    pub status: FacilityStatus,
    pub location: Location,
    /// EDTF.
    pub opened: Option<String>,
    /// EDTF.
    pub closed: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Changes to a facility; a location replaces the whole location.
#[derive(Default)]
pub struct FacilityPatch {
    pub name: Option<String>,
    pub kind: Option<FacilityKind>,
    pub status: Option<FacilityStatus>,
    pub location: Option<Location>,
    pub opened: Change<String>,
    pub closed: Change<String>,
    pub description: Change<String>,
    pub visibility: Option<Visibility>,
}

fn set_location(m: &mut Model, location: Location) {
    m.address = location.address;
    m.neighbourhood = location.neighbourhood;
    m.city = location.city;
    m.region = location.region;
    m.country = location.country;
    m.latitude = location.latitude;
    m.longitude = location.longitude;
    m.location_precision = location.precision.map(|p| p.as_db().into());
}

impl Kind for facility::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("name", NAME_MAX),
        Translatable::new("address", TITLE_MAX),
        Translatable::new("neighbourhood", 128),
        Translatable::new("city", 128),
        Translatable::new("region", 128),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewFacility;
    type Patch = FacilityPatch;
    const SLUG: bool = true;
    const NAME: Option<&'static str> = Some("name");

    fn build(new: NewFacility, stamp: Stamp) -> Model {
        let mut model = Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(Visibility::Public).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: new.slug,
            name: new.name,
            kind: new.kind.as_db().into(),
            status: new.status.as_db().into(),
            address: None,
            neighbourhood: None,
            city: None,
            region: None,
            country: None,
            latitude: None,
            longitude: None,
            location_precision: None,
            opened: new.opened,
            opened_earliest: None,
            opened_latest: None,
            closed: new.closed,
            closed_earliest: None,
            closed_latest: None,
            description: new.description,
        };
        set_location(&mut model, new.location);
        model
    }

    fn apply(model: &mut Model, patch: FacilityPatch) {
        set(&mut model.name, patch.name);
        set(&mut model.kind, patch.kind.map(|k| k.as_db().into()));
        set(&mut model.status, patch.status.map(|s| s.as_db().into()));
        if let Some(location) = patch.location {
            set_location(model, location);
        }
        patch.opened.apply(&mut model.opened);
        patch.closed.apply(&mut model.closed);
        patch.description.apply(&mut model.description);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::slug(&mut m.slug)?;
        fields::text(&mut m.name, "name", NAME_MAX)?;
        fields::one_of(&m.kind, "kind", FacilityKind::parse, FacilityKind::accepted)?;
        fields::one_of(
            &m.status,
            "status",
            FacilityStatus::parse,
            FacilityStatus::accepted,
        )?;
        fields::opt_text(&mut m.address, "address", TITLE_MAX)
            .map_err(|e| e.at("location.address"))?;
        fields::opt_text(&mut m.neighbourhood, "neighbourhood", 128)
            .map_err(|e| e.at("location.neighbourhood"))?;
        fields::opt_text(&mut m.city, "city", 128).map_err(|e| e.at("location.city"))?;
        fields::opt_text(&mut m.region, "region", 128).map_err(|e| e.at("location.region"))?;
        fields::country(&mut m.country, "country").map_err(|e| e.at("location.country"))?;
        fields::coordinates(m.latitude, m.longitude)?;
        fields::opt_one_of(
            &m.location_precision,
            "location_precision",
            LocationPrecision::parse,
            LocationPrecision::accepted,
        )
        .map_err(|e| e.at("location.precision"))?;
        fields::edtf(
            &mut m.opened,
            &mut m.opened_earliest,
            &mut m.opened_latest,
            "opened",
        )?;
        fields::edtf(
            &mut m.closed,
            &mut m.closed_earliest,
            &mut m.closed_latest,
            "closed",
        )?;
        if let (Some(opened), Some(closed)) = (m.opened_earliest, m.closed_latest)
            && closed < opened
        {
            return Err(FieldError::new(
                "closed",
                "ends before the facility opened; check both dates",
            ));
        }
        fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("slug", Some(m.slug.as_str())),
            ("name", Some(m.name.as_str())),
            ("address", m.address.as_deref()),
            ("neighbourhood", m.neighbourhood.as_deref()),
            ("description", m.description.as_deref()),
        ])
    }
}
