//! Organizations: courts, prosecutors, NGOs, UN bodies, media, governments.

use entity::organization::{self, Model};

use crate::service::fields::{self, FieldResult, LONG_TEXT_MAX, NAME_MAX};
use crate::service::records::{Change, Kind, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::{OrganizationKind, Visibility};

record!(organization, Organization, Name, CreatedAt, CreatedAt);

/// A new organization.
pub struct NewOrganization {
    pub slug: String,
    pub name: String,
    pub abbreviation: Option<String>,
    pub kind: OrganizationKind,
    pub country: Option<String>,
    pub url: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Changes to an organization.
#[derive(Default)]
pub struct OrganizationPatch {
    pub name: Option<String>,
    pub abbreviation: Change<String>,
    pub kind: Option<OrganizationKind>,
    pub country: Change<String>,
    pub url: Change<String>,
    pub description: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for organization::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("name", NAME_MAX),
        Translatable::new("abbreviation", 32),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewOrganization;
    type Patch = OrganizationPatch;
    const SLUG: bool = true;
    const NAME: Option<&'static str> = Some("name");

    fn build(new: NewOrganization, stamp: Stamp) -> Model {
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
            kind: new.kind.as_db().into(),
            country: new.country,
            url: new.url,
            description: new.description,
        }
    }

    fn apply(model: &mut Model, patch: OrganizationPatch) {
        set(&mut model.name, patch.name);
        patch.abbreviation.apply(&mut model.abbreviation);
        set(&mut model.kind, patch.kind.map(|k| k.as_db().into()));
        patch.country.apply(&mut model.country);
        patch.url.apply(&mut model.url);
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
        fields::one_of(
            &m.kind,
            "kind",
            OrganizationKind::parse,
            OrganizationKind::accepted,
        )?;
        fields::country(&mut m.country, "country")?;
        fields::url(&mut m.url, "url")?;
        fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("slug", Some(m.slug.as_str())),
            ("name", Some(m.name.as_str())),
            ("abbreviation", m.abbreviation.as_deref()),
            ("description", m.description.as_deref()),
            ("url", m.url.as_deref()),
        ])
    }
}
