//! Creating and changing branches. Branches nest, so a change of parent is checked for
//! cycles.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::branch;
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::error::AppError;
use crate::graphql::context::RequestState;
use crate::graphql::mutation::patch_text;
use crate::graphql::mutation::posting::{reference, reference_opt};
use crate::graphql::types::{Branch, BranchKind, Visibility};
use crate::ids::{NodeType, decode_id_of};
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

/// How far up the parent chain the cycle check looks.
const MAX_DEPTH: usize = 64;

/// A new branch.
#[derive(InputObject)]
pub struct CreateBranchInput {
    /// Stable key: lowercase words joined by hyphens, e.g. `branch-251`.
    pub slug: String,
    /// The branch's usual name, e.g. `Al-Khatib Branch`.
    pub name: String,
    /// The branch number where it has one, e.g. `251`.
    pub number: Option<String>,
    /// What level of the agency it is.
    pub kind: Option<BranchKind>,
    /// The id of the agency it belongs to.
    pub agency_id: ID,
    /// The id of the branch it is part of, if any.
    pub parent_id: Option<ID>,
    /// The city it is based in.
    pub city: Option<String>,
    /// What the sources say, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a branch: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateBranchInput {
    /// A new name.
    pub name: Option<String>,
    /// A new number, or null.
    pub number: MaybeUndefined<String>,
    /// A new kind, or null.
    pub kind: MaybeUndefined<BranchKind>,
    /// The id of the agency it now belongs to.
    pub agency_id: Option<ID>,
    /// The id of the branch it is now part of, or null for none. It may not be the branch
    /// itself or one of the branches under it.
    pub parent_id: MaybeUndefined<ID>,
    /// A new city, or null.
    pub city: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

/// Refuses `parent` as the parent of `branch` when that would close a loop: `parent` is
/// `branch` itself or lies under it. Walks up from `parent` (at most `MAX_DEPTH` levels).
async fn refuse_cycle<C: ConnectionTrait>(db: &C, branch: Uuid, parent: Uuid) -> Result<()> {
    if parent == branch {
        return Err(AppError::bad_input("`parentId`: a branch cannot be its own parent").into());
    }
    let mut current = Some(parent);
    for _ in 0..MAX_DEPTH {
        let Some(id) = current else {
            break;
        };
        if id == branch {
            return Err(AppError::bad_input(
                "`parentId`: that branch is part of this one, so it cannot also be its parent (the branches would form a loop)",
            )
            .into());
        }
        current = branch::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|b| b.parent_id);
    }
    Ok(())
}

#[derive(Default)]
pub struct BranchMutation;

#[Object]
impl BranchMutation {
    /// Adds a branch to an agency. Editors and admins.
    async fn create_branch(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The branch.")] input: CreateBranchInput,
    ) -> Result<Branch> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let now = Utc::now();
        let slug = validate::slug("slug", &input.slug)?;
        let name = validate::text("name", &input.name, 255)?;
        let number = validate::optional_text("number", input.number, 32)?;
        let city = validate::optional_text("city", input.city, 128)?;
        let description = validate::optional_text("description", input.description, 20_000)?;
        let txn = begin_write(&state.db).await?;
        let agency_id = reference(
            &txn,
            state.viewer,
            "agencyId",
            NodeType::Agency,
            &input.agency_id,
        )
        .await?;
        let parent_id = reference_opt(
            &txn,
            state.viewer,
            "parentId",
            NodeType::Branch,
            input.parent_id.as_ref(),
        )
        .await?;
        validate::unique_slug(&txn, NodeType::Branch, &slug, None).await?;
        let model = branch::Model {
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
            number,
            kind: input.kind.map(|k| k.as_db().to_owned()),
            agency_id,
            parent_id,
            city,
            description,
        };
        let stored = insert_audited::<branch::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Branch::from(stored))
    }

    /// Changes a branch; a stale `expectedVersion` is a CONFLICT and writes nothing.
    /// Editors and admins.
    async fn update_branch(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The branch's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateBranchInput,
    ) -> Result<Branch> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Branch, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<branch::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(name) = input.name {
            model.name = validate::text("name", &name, 255)?;
        }
        patch_text("number", input.number, 32, &mut model.number)?;
        match input.kind {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.kind = None,
            MaybeUndefined::Value(kind) => model.kind = Some(kind.as_db().into()),
        }
        if let Some(agency) = &input.agency_id {
            model.agency_id =
                reference(&txn, state.viewer, "agencyId", NodeType::Agency, agency).await?;
        }
        match &input.parent_id {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.parent_id = None,
            MaybeUndefined::Value(parent) => {
                let parent =
                    reference(&txn, state.viewer, "parentId", NodeType::Branch, parent).await?;
                refuse_cycle(&txn, uuid, parent).await?;
                model.parent_id = Some(parent);
            }
        }
        patch_text("city", input.city, 128, &mut model.city)?;
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
        let stored = update_audited::<branch::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Branch::from(stored))
    }
}
