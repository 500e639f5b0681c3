//! Persons: anyone the record speaks of. Witnesses, survivors and victims are restricted
//! unless stated otherwise, whichever door they come through, and also when such a role
//! is added later.

use entity::person::{self, Model};

use crate::service::fields::{self, FieldError, FieldResult, LONG_TEXT_MAX, NAME_MAX};
use crate::service::records::{Change, Kind, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::{PersonRole, Visibility};

record!(person, Person, Name, CreatedAt, CreatedAt);

/// A new person.
pub struct NewPerson {
    pub slug: String,
    /// The name most sources use, in Latin script.
    pub name: String,
    pub roles: Vec<PersonRole>,
    pub gender: Option<String>,
    /// EDTF. Sensitive.
    pub birth_date: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub nationality: Option<String>,
    pub description: Option<String>,
    /// Researchers' notes. Sensitive.
    pub notes: Option<String>,
    /// When omitted: restricted for witnesses, survivors and victims, public otherwise.
    pub visibility: Option<Visibility>,
}

/// Changes to a person.
#[derive(Default)]
pub struct PersonPatch {
    pub name: Option<String>,
    /// Replaces the roles. Adding a witness, survivor or victim role to a public person
    /// restricts them unless `visibility` says otherwise in the same patch.
    pub roles: Option<Vec<PersonRole>>,
    pub gender: Change<String>,
    pub birth_date: Change<String>,
    pub nationality: Change<String>,
    pub description: Change<String>,
    pub notes: Change<String>,
    pub visibility: Option<Visibility>,
}

/// Roles as stored: a sorted, comma-separated set.
pub fn roles_text(roles: &[PersonRole]) -> String {
    let mut names: Vec<&str> = roles.iter().map(|r| r.as_db()).collect();
    names.sort_unstable();
    names.dedup();
    names.join(",")
}

/// The stored roles, skipping unknown ones (which `check` refuses).
pub fn roles_of(text: &str) -> Vec<PersonRole> {
    text.split(',').filter_map(PersonRole::parse).collect()
}

/// People who could be harmed by exposure are restricted by default.
pub fn default_visibility(roles: &[PersonRole]) -> Visibility {
    if roles.iter().any(|r| r.is_vulnerable()) {
        Visibility::Restricted
    } else {
        Visibility::Public
    }
}

impl Kind for person::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("name", NAME_MAX),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewPerson;
    type Patch = PersonPatch;
    const SLUG: bool = true;
    const NAME: Option<&'static str> = Some("name");
    const SENSITIVE: &'static [&'static str] = &["birth_date", "notes"];

    fn build(new: NewPerson, stamp: Stamp) -> Model {
        let visibility = new
            .visibility
            .unwrap_or_else(|| default_visibility(&new.roles));
        Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: visibility.as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: new.slug,
            name: new.name,
            roles: roles_text(&new.roles),
            gender: new.gender,
            birth_date: new.birth_date,
            nationality: new.nationality,
            description: new.description,
            notes: new.notes,
        }
    }

    fn apply(model: &mut Model, patch: PersonPatch) {
        set(&mut model.name, patch.name);
        if let Some(roles) = patch.roles {
            let became_vulnerable = roles.iter().any(|r| r.is_vulnerable())
                && !roles_of(&model.roles).iter().any(|r| r.is_vulnerable());
            if became_vulnerable
                && patch.visibility.is_none()
                && model.visibility == Visibility::Public.as_db()
            {
                model.visibility = Visibility::Restricted.as_db().into();
            }
            model.roles = roles_text(&roles);
        }
        patch.gender.apply(&mut model.gender);
        patch.birth_date.apply(&mut model.birth_date);
        patch.nationality.apply(&mut model.nationality);
        patch.description.apply(&mut model.description);
        patch.notes.apply(&mut model.notes);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::slug(&mut m.slug)?;
        fields::text(&mut m.name, "name", NAME_MAX)?;
        if let Some(bad) = m
            .roles
            .split(',')
            .find(|r| !r.is_empty() && PersonRole::parse(r).is_none())
        {
            return Err(FieldError::new(
                "roles",
                format!(
                    "`{}` is not one of {}",
                    bad.chars().take(64).collect::<String>(),
                    PersonRole::accepted()
                ),
            ));
        }
        m.roles = roles_text(&roles_of(&m.roles));
        fields::opt_text(&mut m.gender, "gender", 16)?;
        fields::edtf_text(&mut m.birth_date, "birth_date")?;
        fields::country(&mut m.nationality, "nationality")?;
        fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX)?;
        fields::opt_text(&mut m.notes, "notes", LONG_TEXT_MAX)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        let mut texts = Text::all(&[
            ("slug", Some(m.slug.as_str())),
            ("description", m.description.as_deref()),
        ]);
        if let Some(notes) = m.notes.as_deref() {
            // Notes are for analysts and above.
            texts.push(Text {
                column: "notes",
                text: notes,
                floor: Visibility::Restricted,
            });
        }
        texts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(visibility: &str, roles: &str) -> Model {
        let mut m = <person::Entity as Kind>::build(
            NewPerson {
                slug: "x".into(),
                name: "X".into(),
                roles: roles_of(roles),
                gender: None,
                birth_date: None,
                nationality: None,
                description: None,
                notes: None,
                visibility: None,
            },
            Stamp::new(),
        );
        m.visibility = visibility.into();
        m
    }

    #[test]
    fn witnesses_are_restricted_unless_stated_otherwise() {
        assert_eq!(
            default_visibility(&[PersonRole::Witness]),
            Visibility::Restricted
        );
        assert_eq!(
            default_visibility(&[PersonRole::Officer]),
            Visibility::Public
        );
        // A role added later restricts a public person…
        let mut m = person("public", "officer");
        <person::Entity as Kind>::apply(
            &mut m,
            PersonPatch {
                roles: Some(vec![PersonRole::Officer, PersonRole::Witness]),
                ..PersonPatch::default()
            },
        );
        assert_eq!(m.visibility, "restricted");
        // …unless the same patch says otherwise.
        let mut m = person("public", "officer");
        <person::Entity as Kind>::apply(
            &mut m,
            PersonPatch {
                roles: Some(vec![PersonRole::Witness]),
                visibility: Some(Visibility::Public),
                ..PersonPatch::default()
            },
        );
        assert_eq!(m.visibility, "public");
    }

    #[test]
    fn unknown_roles_are_refused() {
        let mut m = person("public", "officer");
        m.roles = "king".into();
        assert_eq!(
            <person::Entity as Kind>::check(&mut m).unwrap_err().column,
            "roles"
        );
    }
}
