//! Agencies: the state security bodies (General Intelligence Directorate, Air Force
//! Intelligence, Military Police, ...).

use entity::agency::{self, Model};

use crate::service::fields::{self, FieldResult, LONG_TEXT_MAX, NAME_MAX};
use crate::service::records::{Change, Kind, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::{AgencyKind, Visibility};

record!(agency, Agency, Name, CreatedAt, CreatedAt);

/// A new agency.
pub struct NewAgency {
    pub slug: String,
    pub name: String,
    pub abbreviation: Option<String>,
    pub kind: Option<AgencyKind>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub description: Option<String>,
    /// Public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to an agency.
#[derive(Default)]
pub struct AgencyPatch {
    pub name: Option<String>,
    pub abbreviation: Change<String>,
    pub kind: Change<AgencyKind>,
    pub country: Change<String>,
    pub description: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for agency::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("name", NAME_MAX),
        Translatable::new("abbreviation", 32),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewAgency;
    type Patch = AgencyPatch;
    const SLUG: bool = true;
    const NAME: Option<&'static str> = Some("name");

    fn build(new: NewAgency, stamp: Stamp) -> Model {
        Model {
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
            abbreviation: new.abbreviation,
            kind: new.kind.map(|k| k.as_db().into()),
            country: new.country,
            description: new.description,
        }
    }

    fn apply(model: &mut Model, patch: AgencyPatch) {
        set(&mut model.name, patch.name);
        patch.abbreviation.apply(&mut model.abbreviation);
        patch
            .kind
            .map(|k| k.as_db().to_owned())
            .apply(&mut model.kind);
        patch.country.apply(&mut model.country);
        patch.description.apply(&mut model.description);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::slug(&mut m.slug)?;
        fields::text(&mut m.name, "name", NAME_MAX)?;
        fields::opt_text(&mut m.abbreviation, "abbreviation", 32)?;
        fields::opt_one_of(&m.kind, "kind", AgencyKind::parse, AgencyKind::accepted)?;
        fields::country(&mut m.country, "country")?;
        fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("slug", Some(m.slug.as_str())),
            ("name", Some(m.name.as_str())),
            ("abbreviation", m.abbreviation.as_deref()),
            ("description", m.description.as_deref()),
        ])
    }
}
