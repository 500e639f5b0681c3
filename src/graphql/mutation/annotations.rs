//! Linking names and sources to records: aliases and citations.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::{alias, citation};
use sea_orm::{ActiveModelTrait, IntoActiveModel};
use uuid::Uuid;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::patch_text;
use crate::graphql::types::{Alias, AliasKind, Citation, CitationStatus, Confidence, Visibility};
use crate::ids::{NodeType, decode_id, decode_id_of};
use crate::service::provenance::CITABLE;
use crate::service::search::NAMED;
use crate::service::validate;
use crate::service::write::{
    Operation, audit, begin_write, load_current, require_writer, set_archived, update_audited,
};

/// Another name for a record.
#[derive(InputObject)]
pub struct AddAliasInput {
    /// The agency, branch, facility, person, organization, trial or source it names.
    pub record_id: ID,
    /// The name as written, e.g. `سجن الخطيب` or `Anwar R.`.
    pub name: String,
    /// Its language, BCP 47 (e.g. `ar`).
    pub language: Option<String>,
    /// Its script, ISO 15924 (e.g. `Arab`).
    pub script: Option<String>,
    /// How it relates to the main name.
    pub kind: AliasKind,
}

/// A source supporting a record (or one field of it).
#[derive(InputObject)]
pub struct AddCitationInput {
    /// The record it supports.
    pub record_id: ID,
    /// The source.
    pub source_id: ID,
    /// The field it supports, e.g. `status`; none for the whole record.
    pub field: Option<String>,
    /// Where in the source: section, paragraph, page.
    pub locator: Option<String>,
    /// The passage, quoted.
    pub quote: Option<String>,
    /// How sure it is that the source supports the record.
    pub confidence: Confidence,
    /// Review status; accepted when omitted.
    pub status: Option<CitationStatus>,
    /// Who may read it; when omitted, that of the record it supports.
    pub visibility: Option<Visibility>,
}

/// The record behind `id`, which must be of one of `allowed` and visible to the caller.
async fn target(
    ctx: &Context<'_>,
    field: &str,
    id: &ID,
    allowed: &[NodeType],
) -> Result<(NodeType, Uuid)> {
    let state = RequestState::of(ctx)?;
    let (node, uuid) = decode_id(id)
        .map_err(|e| crate::error::AppError::bad_input(format!("`{field}`: {}", e.message())))?;
    if !allowed.contains(&node) {
        return Err(crate::error::AppError::bad_input(format!(
            "`{field}`: a {} cannot have this",
            node.name()
        ))
        .into());
    }
    validate::visible_record(&state.db, state.viewer, field, node, uuid).await?;
    Ok((node, uuid))
}

/// The visibility of the record `id` of `node` (new aliases and citations inherit it).
async fn visibility_of(ctx: &Context<'_>, node: NodeType, id: Uuid) -> Result<String> {
    use sea_orm::ConnectionTrait;
    use sea_orm::sea_query::{Alias as Col, Expr, ExprTrait, Query};
    let state = RequestState::of(ctx)?;
    let mut select = Query::select();
    select
        .column(Col::new("visibility"))
        .from(Col::new(node.table()))
        .and_where(Expr::col(Col::new("id")).eq(id));
    let row = state.db.query_one(&select).await?;
    Ok(row
        .map(|r| r.try_get::<String>("", "visibility"))
        .transpose()?
        .unwrap_or_else(|| "public".into()))
}

/// Changes to an alias: omitted fields stay; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateAliasInput {
    /// The name as written.
    pub name: Option<String>,
    /// Its language (BCP 47), or null.
    pub language: MaybeUndefined<String>,
    /// Its script (ISO 15924), or null.
    pub script: MaybeUndefined<String>,
    /// How it relates to the main name.
    pub kind: Option<AliasKind>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

/// Changes to a citation, e.g. marking it disputed when another source contradicts it.
#[derive(InputObject)]
pub struct UpdateCitationInput {
    /// The field it supports, or null for the whole record.
    pub field: MaybeUndefined<String>,
    /// Where in the source, or null.
    pub locator: MaybeUndefined<String>,
    /// The quoted passage, or null.
    pub quote: MaybeUndefined<String>,
    /// How sure it is that the source supports the record.
    pub confidence: Option<Confidence>,
    /// Where it stands in review (accepted, disputed, needs review).
    pub status: Option<CitationStatus>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

#[derive(Default)]
pub struct AnnotationMutation;

#[Object]
impl AnnotationMutation {
    /// Adds another name to a record; search finds the record by it at once. Editors and admins.
    async fn add_alias(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The alias.")] input: AddAliasInput,
    ) -> Result<Alias> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let named: Vec<NodeType> = NAMED.iter().map(|(t, _)| *t).collect();
        let (node, subject) = target(ctx, "recordId", &input.record_id, &named).await?;
        let now = Utc::now();
        let model = alias::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: visibility_of(ctx, node, subject).await?,
            version: 1,
            archived_at: None,
            subject_type: node.table().into(),
            subject_id: subject,
            name: validate::text("name", &input.name, 255)?,
            language: validate::optional_text("language", input.language, 16)?,
            script: validate::optional_text("script", input.script, 8)?,
            kind: input.kind.as_db().into(),
        };
        let txn = begin_write(&state.db).await?;
        let stored = model.into_active_model().insert(&txn).await?;
        audit(
            &txn,
            state.viewer,
            Operation::Create,
            NodeType::Alias,
            stored.id,
            None,
            Some(&stored),
        )
        .await?;
        crate::service::search::reindex(&txn, &[subject]).await?;
        txn.commit().await?;
        Ok(Alias::from(stored))
    }

    /// Changes an alias; search follows at once. A stale `expectedVersion` is a CONFLICT.
    /// Editors and admins.
    async fn update_alias(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The alias's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateAliasInput,
    ) -> Result<Alias> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Alias, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<alias::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(name) = input.name {
            model.name = validate::text("name", &name, 255)?;
        }
        patch_text("language", input.language, 16, &mut model.language)?;
        patch_text("script", input.script, 8, &mut model.script)?;
        if let Some(kind) = input.kind {
            model.kind = kind.as_db().into();
        }
        if let Some(visibility) = input.visibility {
            model.visibility = visibility.as_db().into();
        }
        model.version = expected_version + 1;
        model.updated_at = Utc::now();
        let stored = update_audited::<alias::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Alias::from(stored))
    }

    /// Removes (archives) an alias; search stops finding the record by it. Editors and admins.
    async fn remove_alias(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The alias's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
    ) -> Result<bool> {
        let state = RequestState::of(ctx)?;
        let uuid = decode_id_of(NodeType::Alias, &id)?;
        set_archived::<alias::Entity>(&state.db, state.viewer, uuid, expected_version, true)
            .await?;
        Ok(true)
    }

    /// Cites a source for a record (or one field of it). Editors and admins.
    async fn add_citation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citation.")] input: AddCitationInput,
    ) -> Result<Citation> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let (node, subject) = target(ctx, "recordId", &input.record_id, &CITABLE).await?;
        let (_, source) = target(ctx, "sourceId", &input.source_id, &[NodeType::Source]).await?;
        let visibility = match input.visibility {
            Some(v) => v.as_db().to_owned(),
            None => visibility_of(ctx, node, subject).await?,
        };
        let now = Utc::now();
        let model = citation::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility,
            version: 1,
            archived_at: None,
            source_id: source,
            subject_type: node.table().into(),
            subject_id: subject,
            field: validate::optional_text("field", input.field, 64)?,
            locator: validate::optional_text("locator", input.locator, 255)?,
            quote: validate::optional_text("quote", input.quote, 20_000)?,
            confidence: input.confidence.as_db().into(),
            status: input
                .status
                .unwrap_or(CitationStatus::Accepted)
                .as_db()
                .into(),
        };
        let txn = begin_write(&state.db).await?;
        let stored = model.into_active_model().insert(&txn).await?;
        audit(
            &txn,
            state.viewer,
            Operation::Create,
            NodeType::Citation,
            stored.id,
            None,
            Some(&stored),
        )
        .await?;
        txn.commit().await?;
        Ok(Citation::from(stored))
    }

    /// Changes a citation: its confidence, review status, field, locator or quote. A stale
    /// `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_citation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citation's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateCitationInput,
    ) -> Result<Citation> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Citation, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<citation::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        patch_text("field", input.field, 64, &mut model.field)?;
        patch_text("locator", input.locator, 255, &mut model.locator)?;
        patch_text("quote", input.quote, 20_000, &mut model.quote)?;
        if let Some(confidence) = input.confidence {
            model.confidence = confidence.as_db().into();
        }
        if let Some(status) = input.status {
            model.status = status.as_db().into();
        }
        if let Some(visibility) = input.visibility {
            model.visibility = visibility.as_db().into();
        }
        model.version = expected_version + 1;
        model.updated_at = Utc::now();
        let stored = update_audited::<citation::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Citation::from(stored))
    }

    /// Removes (archives) a citation; its history stays in the audit log. Editors and admins.
    async fn remove_citation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citation's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
    ) -> Result<bool> {
        let state = RequestState::of(ctx)?;
        let uuid = decode_id_of(NodeType::Citation, &id)?;
        set_archived::<citation::Entity>(&state.db, state.viewer, uuid, expected_version, true)
            .await?;
        Ok(true)
    }
}
