//! Creating and changing persons. Witnesses, survivors and victims are restricted unless
//! the editor explicitly makes them public.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::person;
use uuid::Uuid;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::patch_text;
use crate::graphql::types::{Person, PersonRole, Visibility};
use crate::ids::{NodeType, decode_id_of};
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

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

/// Roles stored as a sorted, comma-separated set.
fn roles_text(roles: &[PersonRole]) -> String {
    let mut names: Vec<&str> = roles.iter().map(|r| r.as_db()).collect();
    names.sort_unstable();
    names.dedup();
    names.join(",")
}

/// People who could be harmed by exposure are restricted by default.
fn default_visibility(roles: &[PersonRole]) -> Visibility {
    let vulnerable = roles.iter().any(|r| {
        matches!(
            r,
            PersonRole::Witness | PersonRole::Survivor | PersonRole::Victim
        )
    });
    if vulnerable {
        Visibility::Restricted
    } else {
        Visibility::Public
    }
}

/// A checked EDTF birth date (stored as text only: it is never filtered on).
fn birth_date(value: Option<String>) -> Result<Option<String>> {
    Ok(validate::fuzzy_date("birthDate", value)?.0)
}

#[derive(Default)]
pub struct PersonMutation;

#[Object]
impl PersonMutation {
    /// Adds a person. Editors and admins.
    async fn create_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person.")] input: CreatePersonInput,
    ) -> Result<Person> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let now = Utc::now();
        let visibility = input
            .visibility
            .unwrap_or_else(|| default_visibility(&input.roles));
        let model = person::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: visibility.as_db().into(),
            version: 1,
            archived_at: None,
            slug: validate::slug("slug", &input.slug)?,
            name: validate::text("name", &input.name, 255)?,
            roles: roles_text(&input.roles),
            gender: validate::optional_text("gender", input.gender, 16)?,
            birth_date: birth_date(input.birth_date)?,
            nationality: validate::country("nationality", input.nationality)?,
            description: validate::optional_text("description", input.description, 20_000)?,
            notes: validate::optional_text("notes", input.notes, 20_000)?,
        };
        let txn = begin_write(&state.db).await?;
        validate::unique_slug(&txn, NodeType::Person, &model.slug, None).await?;
        let stored = insert_audited::<person::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Person::from(stored))
    }

    /// Changes a person; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdatePersonInput,
    ) -> Result<Person> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Person, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<person::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(name) = input.name {
            model.name = validate::text("name", &name, 255)?;
        }
        if let Some(roles) = input.roles {
            model.roles = roles_text(&roles);
        }
        patch_text("gender", input.gender, 16, &mut model.gender)?;
        match input.birth_date {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.birth_date = None,
            MaybeUndefined::Value(v) => model.birth_date = birth_date(Some(v))?,
        }
        match input.nationality {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.nationality = None,
            MaybeUndefined::Value(v) => {
                model.nationality = validate::country("nationality", Some(v))?
            }
        }
        patch_text(
            "description",
            input.description,
            20_000,
            &mut model.description,
        )?;
        patch_text("notes", input.notes, 20_000, &mut model.notes)?;
        if let Some(visibility) = input.visibility {
            model.visibility = visibility.as_db().into();
        }
        model.version = before.version + 1;
        model.updated_at = Utc::now();
        let stored = update_audited::<person::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Person::from(stored))
    }
}
