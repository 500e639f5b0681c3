//! Creating and changing trials.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::trial;
use uuid::Uuid;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::posting::{patch_reference, reference_opt};
use crate::graphql::mutation::{patch_date, patch_text};
use crate::graphql::types::{LegalBasis, Trial, TrialStatus, Visibility};
use crate::ids::{NodeType, decode_id_of};
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

/// A new trial.
#[derive(InputObject)]
pub struct CreateTrialInput {
    /// Stable key: lowercase words joined by hyphens, e.g. `koblenz-trial`.
    pub slug: String,
    /// The name the proceeding is known by.
    pub name: String,
    /// The id of the court (an organization) that heard it.
    pub court_id: Option<ID>,
    /// Where it was held, ISO 3166-1 alpha-2 (e.g. `DE`).
    pub country: Option<String>,
    /// The ground on which the court tried it.
    pub legal_basis: Option<LegalBasis>,
    /// The court's case reference.
    pub case_reference: Option<String>,
    /// When it ran (EDTF, e.g. `2020-04-23/2022-01-13`).
    pub period: Option<String>,
    /// Where it stands.
    pub status: TrialStatus,
    /// What the sources say, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a trial: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateTrialInput {
    /// A new name.
    pub name: Option<String>,
    /// The id of the court (an organization) that heard it, or null.
    pub court_id: MaybeUndefined<ID>,
    /// A new country (ISO 3166-1 alpha-2), or null.
    pub country: MaybeUndefined<String>,
    /// A new legal basis, or null.
    pub legal_basis: MaybeUndefined<LegalBasis>,
    /// A new case reference, or null.
    pub case_reference: MaybeUndefined<String>,
    /// A new period (EDTF), or null.
    pub period: MaybeUndefined<String>,
    /// A new status.
    pub status: Option<TrialStatus>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

#[derive(Default)]
pub struct TrialMutation;

#[Object]
impl TrialMutation {
    /// Adds a trial. Editors and admins.
    async fn create_trial(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The trial.")] input: CreateTrialInput,
    ) -> Result<Trial> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let now = Utc::now();
        let slug = validate::slug("slug", &input.slug)?;
        let name = validate::text("name", &input.name, 255)?;
        let country = validate::country("country", input.country)?;
        let case_reference = validate::optional_text("caseReference", input.case_reference, 128)?;
        let (period, period_earliest, period_latest) =
            validate::fuzzy_date("period", input.period)?;
        let description = validate::optional_text("description", input.description, 20_000)?;
        let txn = begin_write(&state.db).await?;
        let court_id = reference_opt(
            &txn,
            state.viewer,
            "courtId",
            NodeType::Organization,
            input.court_id.as_ref(),
        )
        .await?;
        validate::unique_slug(&txn, NodeType::Trial, &slug, None).await?;
        let model = trial::Model {
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
            name,
            court_id,
            country,
            legal_basis: input.legal_basis.map(|b| b.as_db().to_owned()),
            case_reference,
            period,
            period_earliest,
            period_latest,
            status: input.status.as_db().into(),
            description,
        };
        let stored = insert_audited::<trial::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Trial::from(stored))
    }

    /// Changes a trial; a stale `expectedVersion` is a CONFLICT and writes nothing.
    /// Editors and admins.
    async fn update_trial(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The trial's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateTrialInput,
    ) -> Result<Trial> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Trial, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<trial::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(name) = input.name {
            model.name = validate::text("name", &name, 255)?;
        }
        patch_reference(
            &txn,
            state.viewer,
            "courtId",
            NodeType::Organization,
            &input.court_id,
            &mut model.court_id,
        )
        .await?;
        match input.country {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.country = None,
            MaybeUndefined::Value(v) => model.country = validate::country("country", Some(v))?,
        }
        match input.legal_basis {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.legal_basis = None,
            MaybeUndefined::Value(basis) => model.legal_basis = Some(basis.as_db().into()),
        }
        patch_text(
            "caseReference",
            input.case_reference,
            128,
            &mut model.case_reference,
        )?;
        if let Some((text, earliest, latest)) = patch_date("period", input.period)? {
            (model.period, model.period_earliest, model.period_latest) = (text, earliest, latest);
        }
        if let Some(status) = input.status {
            model.status = status.as_db().into();
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
        let stored = update_audited::<trial::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Trial::from(stored))
    }
}
