//! Creating and changing agencies.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::agency;
use uuid::Uuid;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::patch_text;
use crate::graphql::types::{Agency, AgencyKind, Visibility};
use crate::ids::{NodeType, decode_id_of};
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

/// A new agency.
#[derive(InputObject)]
pub struct CreateAgencyInput {
    /// Stable key: lowercase words joined by hyphens, e.g. `general-intelligence-directorate`.
    pub slug: String,
    /// The usual English name.
    pub name: String,
    /// A short form in use, e.g. `GID`.
    pub abbreviation: Option<String>,
    /// What kind of state body it is.
    pub kind: Option<AgencyKind>,
    /// The state it belongs to, ISO 3166-1 alpha-2 (e.g. `SY`).
    pub country: Option<String>,
    /// What the sources say, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to an agency: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateAgencyInput {
    /// A new name.
    pub name: Option<String>,
    /// A new abbreviation, or null.
    pub abbreviation: MaybeUndefined<String>,
    /// A new kind, or null.
    pub kind: MaybeUndefined<AgencyKind>,
    /// A new country (ISO 3166-1 alpha-2), or null.
    pub country: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

#[derive(Default)]
pub struct AgencyMutation;

#[Object]
impl AgencyMutation {
    /// Adds an agency. Editors and admins.
    async fn create_agency(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agency.")] input: CreateAgencyInput,
    ) -> Result<Agency> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let now = Utc::now();
        let model = agency::Model {
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
            kind: input.kind.map(|k| k.as_db().to_owned()),
            country: validate::country("country", input.country)?,
            description: validate::optional_text("description", input.description, 20_000)?,
        };
        let txn = begin_write(&state.db).await?;
        validate::unique_slug(&txn, NodeType::Agency, &model.slug, None).await?;
        let stored = insert_audited::<agency::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Agency::from(stored))
    }

    /// Changes an agency. `expectedVersion` is the `version` you read: if someone changed
    /// it since, nothing is written and the error is CONFLICT. Editors and admins.
    async fn update_agency(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agency's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateAgencyInput,
    ) -> Result<Agency> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Agency, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<agency::Entity, _>(&txn, uuid, expected_version).await?;
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
        match input.kind {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.kind = None,
            MaybeUndefined::Value(kind) => model.kind = Some(kind.as_db().into()),
        }
        match input.country {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.country = None,
            MaybeUndefined::Value(v) => model.country = validate::country("country", Some(v))?,
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
        let stored = update_audited::<agency::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Agency::from(stored))
    }
}
