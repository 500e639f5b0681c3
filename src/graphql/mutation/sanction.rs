//! Creating and changing sanctions: listings of a branch or a person by an authority.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::sanction;
use uuid::Uuid;

use super::posting::{patch_reference, reference_any, reference_opt, visibility_or};
use crate::error::AppError;
use crate::graphql::context::RequestState;
use crate::graphql::mutation::{patch_date, patch_text};
use crate::graphql::types::{Sanction, Visibility};
use crate::ids::{NodeType, decode_id_of};
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

/// The kinds of record a sanction may list.
const TARGETS: [NodeType; 2] = [NodeType::Branch, NodeType::Person];

/// A new sanction.
#[derive(InputObject)]
pub struct CreateSanctionInput {
    /// The branch or person listed.
    pub target_id: ID,
    /// The authority that listed it, when it is an organization in the record. Give this,
    /// `authorityName`, or both.
    pub authority_id: Option<ID>,
    /// The authority's name as the source gives it, e.g. `U.S. Department of the Treasury`.
    pub authority_name: Option<String>,
    /// The sanctions programme, e.g. `SYRIA`.
    pub program: Option<String>,
    /// When the listing was made (EDTF).
    pub listed: Option<String>,
    /// What the sources say about it, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a sanction: omitted fields stay; `null` clears a nullable one (an authority
/// must remain, by id or by name).
#[derive(InputObject)]
pub struct UpdateSanctionInput {
    /// Another branch or person.
    pub target_id: Option<ID>,
    /// A new authority organization, or null.
    pub authority_id: MaybeUndefined<ID>,
    /// A new authority name, or null.
    pub authority_name: MaybeUndefined<String>,
    /// A new programme, or null.
    pub program: MaybeUndefined<String>,
    /// A new listing date (EDTF), or null.
    pub listed: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

/// A sanction names its authority, by id or by name.
fn check_authority(model: &sanction::Model) -> Result<()> {
    if model.authority_id.is_none() && model.authority_name.is_none() {
        return Err(AppError::bad_input(
            "`authorityId`: give the authority, as an organization id or as `authorityName`",
        )
        .into());
    }
    Ok(())
}

#[derive(Default)]
pub struct SanctionMutation;

#[Object]
impl SanctionMutation {
    /// Adds a listing of a branch or a person by an authority. Editors and admins.
    async fn create_sanction(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The sanction.")] input: CreateSanctionInput,
    ) -> Result<Sanction> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let (listed, listed_earliest, listed_latest) =
            validate::fuzzy_date("listed", input.listed)?;
        let authority_name = validate::optional_text("authorityName", input.authority_name, 255)?;
        let program = validate::optional_text("program", input.program, 255)?;
        let description = validate::optional_text("description", input.description, 20_000)?;
        let txn = begin_write(&state.db).await?;
        let (target, target_id) =
            reference_any(&txn, state.viewer, "targetId", &TARGETS, &input.target_id).await?;
        let now = Utc::now();
        let model = sanction::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: visibility_or(input.visibility, Visibility::Public),
            version: 1,
            archived_at: None,
            target_type: target.table().into(),
            target_id,
            authority_id: reference_opt(
                &txn,
                state.viewer,
                "authorityId",
                NodeType::Organization,
                input.authority_id.as_ref(),
            )
            .await?,
            authority_name,
            program,
            listed,
            listed_earliest,
            listed_latest,
            description,
        };
        check_authority(&model)?;
        let stored = insert_audited::<sanction::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Sanction::from(stored))
    }

    /// Changes a sanction; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_sanction(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The sanction's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateSanctionInput,
    ) -> Result<Sanction> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Sanction, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<sanction::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(target) = &input.target_id {
            let (node, target_id) =
                reference_any(&txn, state.viewer, "targetId", &TARGETS, target).await?;
            model.target_type = node.table().into();
            model.target_id = target_id;
        }
        patch_reference(
            &txn,
            state.viewer,
            "authorityId",
            NodeType::Organization,
            &input.authority_id,
            &mut model.authority_id,
        )
        .await?;
        patch_text(
            "authorityName",
            input.authority_name,
            255,
            &mut model.authority_name,
        )?;
        patch_text("program", input.program, 255, &mut model.program)?;
        if let Some((text, earliest, latest)) = patch_date("listed", input.listed)? {
            (model.listed, model.listed_earliest, model.listed_latest) = (text, earliest, latest);
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
        check_authority(&model)?;
        model.version = before.version + 1;
        model.updated_at = Utc::now();
        let stored = update_audited::<sanction::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Sanction::from(stored))
    }
}
