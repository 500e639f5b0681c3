//! Creating and changing organizations: courts, prosecutors, NGOs, publishers and the like.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::organization;
use uuid::Uuid;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::patch_text;
use crate::graphql::types::{Organization, OrganizationKind, Visibility};
use crate::ids::{NodeType, decode_id_of};
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

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

#[derive(Default)]
pub struct OrganizationMutation;

#[Object]
impl OrganizationMutation {
    /// Adds an organization. Editors and admins.
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization.")] input: CreateOrganizationInput,
    ) -> Result<Organization> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let now = Utc::now();
        let model = organization::Model {
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
            slug: validate::slug("slug", &input.slug)?,
            name: validate::text("name", &input.name, 255)?,
            abbreviation: validate::optional_text("abbreviation", input.abbreviation, 32)?,
            kind: input.kind.as_db().into(),
            country: validate::country("country", input.country)?,
            url: validate::url("url", input.url)?,
            description: validate::optional_text("description", input.description, 20_000)?,
        };
        let txn = begin_write(&state.db).await?;
        validate::unique_slug(&txn, NodeType::Organization, &model.slug, None).await?;
        let stored = insert_audited::<organization::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Organization::from(stored))
    }

    /// Changes an organization; a stale `expectedVersion` is a CONFLICT and writes nothing.
    /// Search finds a new name at once. Editors and admins.
    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateOrganizationInput,
    ) -> Result<Organization> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Organization, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<organization::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(name) = input.name {
            model.name = validate::text("name", &name, 255)?;
        }
        patch_text(
            "abbreviation",
            input.abbreviation,
            32,
            &mut model.abbreviation,
        )?;
        if let Some(kind) = input.kind {
            model.kind = kind.as_db().into();
        }
        match input.country {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.country = None,
            MaybeUndefined::Value(v) => model.country = validate::country("country", Some(v))?,
        }
        match input.url {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.url = None,
            MaybeUndefined::Value(v) => model.url = validate::url("url", Some(v))?,
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
        let stored = update_audited::<organization::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Organization::from(stored))
    }
}
