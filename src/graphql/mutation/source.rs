//! Creating and changing sources: the documents facts are taken from.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::source;
use uuid::Uuid;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::posting::{patch_reference, reference_opt};
use crate::graphql::mutation::{patch_date, patch_text};
use crate::graphql::types::{Source, SourceKind, Visibility};
use crate::ids::{NodeType, decode_id_of};
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

/// A new source.
#[derive(InputObject)]
pub struct CreateSourceInput {
    /// Stable key: lowercase words joined by hyphens, e.g. `snhr-statement-2022-01-13`.
    pub slug: String,
    /// The document's title.
    pub title: String,
    /// The id of the organization that published it, when it is in the record.
    pub publisher_id: Option<ID>,
    /// The publisher's name as given, when it is not an organization in the record.
    pub publisher_name: Option<String>,
    /// What kind of document it is.
    pub kind: SourceKind,
    /// Its language, BCP 47 (e.g. `en`, `ar`).
    pub language: Option<String>,
    /// When it was published (EDTF, e.g. `2022-01-13`, `2017-02`).
    pub published: Option<String>,
    /// Where it can be read, an http:// or https:// address.
    pub url: Option<String>,
    /// Where the project keeps its copy.
    pub archive_ref: Option<String>,
    /// What the document is, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a source: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateSourceInput {
    /// A new title.
    pub title: Option<String>,
    /// The id of the organization that published it, or null.
    pub publisher_id: MaybeUndefined<ID>,
    /// A new publisher name, or null.
    pub publisher_name: MaybeUndefined<String>,
    /// A new kind.
    pub kind: Option<SourceKind>,
    /// A new language, or null.
    pub language: MaybeUndefined<String>,
    /// A new publication date (EDTF), or null.
    pub published: MaybeUndefined<String>,
    /// A new address, or null.
    pub url: MaybeUndefined<String>,
    /// A new archive reference, or null.
    pub archive_ref: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

#[derive(Default)]
pub struct SourceMutation;

#[Object]
impl SourceMutation {
    /// Adds a source. Editors and admins.
    async fn create_source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The source.")] input: CreateSourceInput,
    ) -> Result<Source> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let now = Utc::now();
        let slug = validate::slug("slug", &input.slug)?;
        let title = validate::text("title", &input.title, 2000)?;
        let publisher_name = validate::optional_text("publisherName", input.publisher_name, 255)?;
        let language = validate::optional_text("language", input.language, 16)?;
        let (published, published_earliest, published_latest) =
            validate::fuzzy_date("published", input.published)?;
        let url = validate::url("url", input.url)?;
        let archive_ref = validate::optional_text("archiveRef", input.archive_ref, 255)?;
        let description = validate::optional_text("description", input.description, 20_000)?;
        let txn = begin_write(&state.db).await?;
        let publisher_id = reference_opt(
            &txn,
            state.viewer,
            "publisherId",
            NodeType::Organization,
            input.publisher_id.as_ref(),
        )
        .await?;
        validate::unique_slug(&txn, NodeType::Source, &slug, None).await?;
        let model = source::Model {
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
            title,
            publisher_id,
            publisher_name,
            kind: input.kind.as_db().into(),
            language,
            published,
            published_earliest,
            published_latest,
            url,
            archive_ref,
            description,
        };
        let stored = insert_audited::<source::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Source::from(stored))
    }

    /// Changes a source; a stale `expectedVersion` is a CONFLICT and writes nothing.
    /// Editors and admins.
    async fn update_source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The source's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateSourceInput,
    ) -> Result<Source> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Source, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<source::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(title) = input.title {
            model.title = validate::text("title", &title, 2000)?;
        }
        patch_reference(
            &txn,
            state.viewer,
            "publisherId",
            NodeType::Organization,
            &input.publisher_id,
            &mut model.publisher_id,
        )
        .await?;
        patch_text(
            "publisherName",
            input.publisher_name,
            255,
            &mut model.publisher_name,
        )?;
        if let Some(kind) = input.kind {
            model.kind = kind.as_db().into();
        }
        patch_text("language", input.language, 16, &mut model.language)?;
        if let Some((text, earliest, latest)) = patch_date("published", input.published)? {
            (
                model.published,
                model.published_earliest,
                model.published_latest,
            ) = (text, earliest, latest);
        }
        match input.url {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.url = None,
            MaybeUndefined::Value(v) => model.url = validate::url("url", Some(v))?,
        }
        patch_text("archiveRef", input.archive_ref, 255, &mut model.archive_ref)?;
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
        let stored = update_audited::<source::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Source::from(stored))
    }
}
