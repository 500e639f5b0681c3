//! Creating and changing facility operations: which branch ran a facility, when.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::facility_operation;
use uuid::Uuid;

use super::posting::{reference, visibility_or};
use crate::graphql::context::RequestState;
use crate::graphql::mutation::{patch_date, patch_text};
use crate::graphql::types::{FacilityOperation, Visibility};
use crate::ids::{NodeType, decode_id_of};
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

/// A new facility operation.
#[derive(InputObject)]
pub struct CreateFacilityOperationInput {
    /// The facility.
    pub facility_id: ID,
    /// The branch that ran it.
    pub branch_id: ID,
    /// When (EDTF, e.g. `2011/2024-12`).
    pub period: Option<String>,
    /// What the sources say about it, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a facility operation: omitted fields stay; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateFacilityOperationInput {
    /// Another facility.
    pub facility_id: Option<ID>,
    /// Another branch.
    pub branch_id: Option<ID>,
    /// A new period (EDTF), or null.
    pub period: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

#[derive(Default)]
pub struct OperationMutation;

#[Object]
impl OperationMutation {
    /// Records that a branch ran a facility over a period. Editors and admins.
    async fn create_facility_operation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The operation.")] input: CreateFacilityOperationInput,
    ) -> Result<FacilityOperation> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let (period, period_earliest, period_latest) =
            validate::fuzzy_date("period", input.period)?;
        let description = validate::optional_text("description", input.description, 20_000)?;
        let txn = begin_write(&state.db).await?;
        let now = Utc::now();
        let model = facility_operation::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: visibility_or(input.visibility, Visibility::Public),
            version: 1,
            archived_at: None,
            facility_id: reference(
                &txn,
                state.viewer,
                "facilityId",
                NodeType::Facility,
                &input.facility_id,
            )
            .await?,
            branch_id: reference(
                &txn,
                state.viewer,
                "branchId",
                NodeType::Branch,
                &input.branch_id,
            )
            .await?,
            period,
            period_earliest,
            period_latest,
            description,
        };
        let stored =
            insert_audited::<facility_operation::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(FacilityOperation::from(stored))
    }

    /// Changes a facility operation; a stale `expectedVersion` is a CONFLICT. Editors and
    /// admins.
    async fn update_facility_operation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The operation's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateFacilityOperationInput,
    ) -> Result<FacilityOperation> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::FacilityOperation, &id)?;
        let txn = begin_write(&state.db).await?;
        let before =
            load_current::<facility_operation::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(facility) = &input.facility_id {
            model.facility_id = reference(
                &txn,
                state.viewer,
                "facilityId",
                NodeType::Facility,
                facility,
            )
            .await?;
        }
        if let Some(branch) = &input.branch_id {
            model.branch_id =
                reference(&txn, state.viewer, "branchId", NodeType::Branch, branch).await?;
        }
        if let Some((text, earliest, latest)) = patch_date("period", input.period)? {
            (model.period, model.period_earliest, model.period_latest) = (text, earliest, latest);
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
        let stored = update_audited::<facility_operation::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(FacilityOperation::from(stored))
    }
}
