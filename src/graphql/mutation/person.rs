//! Creating and changing persons. Witnesses, survivors and victims are restricted unless
//! the editor explicitly makes them public (the rule is the domain's, for every door).

use async_graphql::{InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{IntoDomain, change, create_and_update, visibility};
use crate::graphql::types::{Person, PersonRole, Visibility};
use crate::service::records::person::{NewPerson, PersonPatch};

/// A new person.
#[derive(InputObject)]
pub struct CreatePersonInput {
    /// Stable key: lowercase words joined by hyphens, e.g. `anwar-raslan`.
    pub slug: String,
    /// The name most sources use, in Latin script (other spellings go in aliases).
    pub name: String,
    /// The parts this person plays in the record.
    pub roles: Vec<PersonRole>,
    /// Gender, where the sources state it.
    pub gender: Option<String>,
    /// Date of birth (EDTF). Sensitive.
    pub birth_date: Option<String>,
    /// Nationality, ISO 3166-1 alpha-2.
    pub nationality: Option<String>,
    /// What the sources say, in brief.
    pub description: Option<String>,
    /// Researchers' notes. Sensitive.
    pub notes: Option<String>,
    /// Who may read this person. When omitted: restricted for witnesses, survivors and
    /// victims, public otherwise.
    pub visibility: Option<Visibility>,
}

/// Changes to a person: omitted fields stay; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdatePersonInput {
    /// A new name.
    pub name: Option<String>,
    /// New roles (replace the old ones).
    pub roles: Option<Vec<PersonRole>>,
    /// A new gender, or null.
    pub gender: MaybeUndefined<String>,
    /// A new date of birth (EDTF), or null.
    pub birth_date: MaybeUndefined<String>,
    /// A new nationality, or null.
    pub nationality: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// New notes, or null.
    pub notes: MaybeUndefined<String>,
    /// Who may read this person.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for CreatePersonInput {
    type Domain = NewPerson;
    fn into_domain(self) -> Result<NewPerson> {
        Ok(NewPerson {
            slug: self.slug,
            name: self.name,
            roles: self.roles.into_iter().map(Into::into).collect(),
            gender: self.gender,
            birth_date: self.birth_date,
            nationality: self.nationality,
            description: self.description,
            notes: self.notes,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdatePersonInput {
    type Domain = PersonPatch;
    fn into_domain(self) -> Result<PersonPatch> {
        Ok(PersonPatch {
            name: self.name,
            roles: self.roles.map(|r| r.into_iter().map(Into::into).collect()),
            gender: change(self.gender),
            birth_date: change(self.birth_date),
            nationality: change(self.nationality),
            description: change(self.description),
            notes: change(self.notes),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "PersonMutation", entity: person, output: Person,
    /// Adds a person. Witnesses, survivors and victims are restricted unless `visibility`
    /// says otherwise. Editors and admins.
    create: create_person(CreatePersonInput, "The person."),
    /// Changes a person; a stale `expectedVersion` is a CONFLICT. Giving a public person a
    /// witness, survivor or victim role restricts them unless `visibility` says otherwise.
    /// Editors and admins.
    update: update_person(UpdatePersonInput),
}
