//! Creating and changing testimonies. A testimony can expose its witness, so a new one is
//! restricted unless the editor explicitly gives another visibility.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::testimony;
use uuid::Uuid;

use super::posting::{patch_reference, reference, reference_opt, visibility_or};
use crate::error::AppError;
use crate::graphql::context::RequestState;
use crate::graphql::mutation::patch_date;
use crate::graphql::types::{Testimony, Visibility};
use crate::ids::{NodeType, decode_id_of};
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

/// A new testimony.
#[derive(InputObject)]
pub struct CreateTestimonyInput {
    /// Who testified.
    pub witness_id: ID,
    /// The trial it was given in. Give this, `facilityId`, or both.
    pub trial_id: Option<ID>,
    /// The facility it is about.
    pub facility_id: Option<ID>,
    /// What the testimony says, in brief.
    pub summary: String,
    /// When it was given (EDTF).
    pub given: Option<String>,
    /// Who may read it; restricted when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a testimony: omitted fields stay; `null` clears a nullable one (a trial or
/// a facility must remain).
#[derive(InputObject)]
pub struct UpdateTestimonyInput {
    /// Another witness.
    pub witness_id: Option<ID>,
    /// Another trial, or null.
    pub trial_id: MaybeUndefined<ID>,
    /// Another facility, or null.
    pub facility_id: MaybeUndefined<ID>,
    /// A new summary.
    pub summary: Option<String>,
    /// A new date (EDTF), or null.
    pub given: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

/// A testimony is given in a trial, about a facility, or both.
fn check_context(model: &testimony::Model) -> Result<()> {
    if model.trial_id.is_none() && model.facility_id.is_none() {
        return Err(AppError::bad_input(
            "`trialId`: give the trial it was given in, the facility it is about (`facilityId`), or both",
        )
        .into());
    }
    Ok(())
}

#[derive(Default)]
pub struct TestimonyMutation;

#[Object]
impl TestimonyMutation {
    /// Adds a witness's account; restricted unless `visibility` says otherwise. Editors
    /// and admins.
    async fn create_testimony(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The testimony.")] input: CreateTestimonyInput,
    ) -> Result<Testimony> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let summary = validate::text("summary", &input.summary, 20_000)?;
        let (given, given_earliest, given_latest) = validate::fuzzy_date("given", input.given)?;
        let txn = begin_write(&state.db).await?;
        let now = Utc::now();
        let model = testimony::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: visibility_or(input.visibility, Visibility::Restricted),
            version: 1,
            archived_at: None,
            witness_id: reference(
                &txn,
                state.viewer,
                "witnessId",
                NodeType::Person,
                &input.witness_id,
            )
            .await?,
            trial_id: reference_opt(
                &txn,
                state.viewer,
                "trialId",
                NodeType::Trial,
                input.trial_id.as_ref(),
            )
            .await?,
            facility_id: reference_opt(
                &txn,
                state.viewer,
                "facilityId",
                NodeType::Facility,
                input.facility_id.as_ref(),
            )
            .await?,
            summary,
            given,
            given_earliest,
            given_latest,
        };
        check_context(&model)?;
        let stored = insert_audited::<testimony::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Testimony::from(stored))
    }

    /// Changes a testimony; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_testimony(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The testimony's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateTestimonyInput,
    ) -> Result<Testimony> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Testimony, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<testimony::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(witness) = &input.witness_id {
            model.witness_id =
                reference(&txn, state.viewer, "witnessId", NodeType::Person, witness).await?;
        }
        patch_reference(
            &txn,
            state.viewer,
            "trialId",
            NodeType::Trial,
            &input.trial_id,
            &mut model.trial_id,
        )
        .await?;
        patch_reference(
            &txn,
            state.viewer,
            "facilityId",
            NodeType::Facility,
            &input.facility_id,
            &mut model.facility_id,
        )
        .await?;
        if let Some(summary) = input.summary {
            model.summary = validate::text("summary", &summary, 20_000)?;
        }
        if let Some((text, earliest, latest)) = patch_date("given", input.given)? {
            (model.given, model.given_earliest, model.given_latest) = (text, earliest, latest);
        }
        if let Some(visibility) = input.visibility {
            model.visibility = visibility.as_db().into();
        }
        check_context(&model)?;
        model.version = before.version + 1;
        model.updated_at = Utc::now();
        let stored = update_audited::<testimony::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Testimony::from(stored))
    }
}
