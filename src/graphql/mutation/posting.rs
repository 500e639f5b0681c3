//! Creating and changing postings: a person's role in a branch over a period. Also the
//! checks the other fact mutations share: references to other records and snake_case codes.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::posting;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::error::AppError;
use crate::graphql::context::RequestState;
use crate::graphql::mutation::{patch_date, patch_text};
use crate::graphql::types::{Posting, Visibility};
use crate::ids::{NodeType, decode_id, decode_id_of};
use crate::service::access::Viewer;
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

/// The record `id` names, which must be a `node` that exists and `viewer` may see; every
/// error names `field`.
pub(super) async fn reference<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    field: &str,
    node: NodeType,
    id: &ID,
) -> Result<Uuid> {
    let uuid = decode_id_of(node, id)
        .map_err(|e| AppError::bad_input(format!("`{field}`: {}", e.message())))?;
    validate::visible_record(db, viewer, field, node, uuid).await?;
    Ok(uuid)
}

/// Like [`reference`], for a field that may point at a record of any of `allowed`.
pub(super) async fn reference_any<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    field: &str,
    allowed: &[NodeType],
    id: &ID,
) -> Result<(NodeType, Uuid)> {
    let (node, uuid) =
        decode_id(id).map_err(|e| AppError::bad_input(format!("`{field}`: {}", e.message())))?;
    if !allowed.contains(&node) {
        let names: Vec<&str> = allowed.iter().map(|t| t.name()).collect();
        return Err(AppError::bad_input(format!(
            "`{field}`: this is the id of a {}, but the id of a {} is expected here",
            node.name(),
            names.join(" or ")
        ))
        .into());
    }
    validate::visible_record(db, viewer, field, node, uuid).await?;
    Ok((node, uuid))
}

/// An optional reference: `None` when not given.
pub(super) async fn reference_opt<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    field: &str,
    node: NodeType,
    id: Option<&ID>,
) -> Result<Option<Uuid>> {
    match id {
        None => Ok(None),
        Some(id) => reference(db, viewer, field, node, id).await.map(Some),
    }
}

/// Applies a patch of an optional reference: left as is when undefined, cleared by `null`,
/// else checked like [`reference`] and set.
pub(super) async fn patch_reference<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    field: &str,
    node: NodeType,
    value: &MaybeUndefined<ID>,
    current: &mut Option<Uuid>,
) -> Result<()> {
    match value {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *current = None,
        MaybeUndefined::Value(id) => *current = Some(reference(db, viewer, field, node, id).await?),
    }
    Ok(())
}

/// A normalised code: lowercase letters and digits in words joined by single underscores,
/// e.g. `head_of_branch`, at most `max` characters.
pub(super) fn snake_case(field: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    let valid = !value.is_empty()
        && value.len() <= max
        && value.split('_').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !valid {
        return Err(AppError::bad_input(format!(
            "`{field}`: use lowercase letters, digits and single underscores, e.g. `head_of_branch` (at most {max})"
        ))
        .into());
    }
    Ok(value.to_owned())
}

/// The stored visibility: the given one, else `default`.
pub(super) fn visibility_or(given: Option<Visibility>, default: Visibility) -> String {
    given.unwrap_or(default).as_db().to_owned()
}

/// A new posting.
#[derive(InputObject)]
pub struct CreatePostingInput {
    /// The person posted.
    pub person_id: ID,
    /// The branch they were posted in.
    pub branch_id: ID,
    /// The role, normalised snake_case, e.g. `head_of_branch`, `investigator`, `guard`.
    pub role: String,
    /// The title as the source words it.
    pub title: Option<String>,
    /// Military or police rank, e.g. `colonel`.
    pub rank: Option<String>,
    /// When (EDTF, e.g. `2008/2012-09`).
    pub period: Option<String>,
    /// What the sources say about it, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a posting: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdatePostingInput {
    /// Another person.
    pub person_id: Option<ID>,
    /// Another branch.
    pub branch_id: Option<ID>,
    /// A new role (snake_case).
    pub role: Option<String>,
    /// A new title, or null.
    pub title: MaybeUndefined<String>,
    /// A new rank, or null.
    pub rank: MaybeUndefined<String>,
    /// A new period (EDTF), or null.
    pub period: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

#[derive(Default)]
pub struct PostingMutation;

#[Object]
impl PostingMutation {
    /// Adds a posting: a person's role in a branch over a period. Editors and admins.
    async fn create_posting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The posting.")] input: CreatePostingInput,
    ) -> Result<Posting> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let (period, period_earliest, period_latest) =
            validate::fuzzy_date("period", input.period)?;
        let txn = begin_write(&state.db).await?;
        let now = Utc::now();
        let model = posting::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: visibility_or(input.visibility, Visibility::Public),
            version: 1,
            archived_at: None,
            person_id: reference(
                &txn,
                state.viewer,
                "personId",
                NodeType::Person,
                &input.person_id,
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
            role: snake_case("role", &input.role, 64)?,
            title: validate::optional_text("title", input.title, 2000)?,
            rank: validate::optional_text("rank", input.rank, 64)?,
            period,
            period_earliest,
            period_latest,
            description: validate::optional_text("description", input.description, 20_000)?,
        };
        let stored = insert_audited::<posting::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Posting::from(stored))
    }

    /// Changes a posting; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_posting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The posting's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdatePostingInput,
    ) -> Result<Posting> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Posting, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<posting::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(person) = &input.person_id {
            model.person_id =
                reference(&txn, state.viewer, "personId", NodeType::Person, person).await?;
        }
        if let Some(branch) = &input.branch_id {
            model.branch_id =
                reference(&txn, state.viewer, "branchId", NodeType::Branch, branch).await?;
        }
        if let Some(role) = input.role {
            model.role = snake_case("role", &role, 64)?;
        }
        patch_text("title", input.title, 2000, &mut model.title)?;
        patch_text("rank", input.rank, 64, &mut model.rank)?;
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
        let stored = update_audited::<posting::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Posting::from(stored))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case() {
        for good in ["head_of_branch", "guard", "officer2"] {
            assert!(snake_case("role", good, 64).is_ok(), "{good}");
        }
        for bad in [
            "",
            "Head_of_branch",
            "head-of-branch",
            "head__of",
            "_x",
            "x_",
            "a b",
        ] {
            assert!(snake_case("role", bad, 64).is_err(), "{bad}");
        }
        assert!(snake_case("role", &"a".repeat(65), 64).is_err());
    }
}
