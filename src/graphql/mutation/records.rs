//! Archive, restore and translate, for any kind of record.

use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::graphql::context::RequestState;
use crate::graphql::mutation::any_id;
use crate::graphql::node::{Node, load_node};
use crate::graphql::types::{Language, TranslationStatus};
use crate::service::vocab;
use crate::service::write::{Author, TranslationValue, set_archived_any, translate_any};

/// One text of a record in one language, as an editor sets it.
#[derive(InputObject)]
pub struct TranslationInput {
    /// The field, as this API names it: `name`, `description`, `publisherName` … (a
    /// record's `translations` lists those it has; a citation's is `quote`).
    field: String,
    /// The language of `text`. English is the field itself (a citation's quote
    /// excepted: it stays the source's words, and every language is a translation).
    lang: Language,
    /// The text; null removes this language's value (for English, clears the field,
    /// which a required field refuses).
    text: Option<String>,
    /// `ORIGINAL` for text first written in this language; `REVIEWED` or `UNREVIEWED`
    /// for a translation. Required with a `text`; not needed to remove one.
    status: Option<TranslationStatus>,
    /// Who translated it, a person or a project; required unless `ORIGINAL`.
    translated_by: Option<String>,
}

impl From<TranslationInput> for TranslationValue {
    fn from(input: TranslationInput) -> Self {
        TranslationValue {
            field: input.field,
            lang: input.lang.into(),
            text: input.text,
            status: input.status.map(vocab::TranslationStatus::from),
            translated_by: input.translated_by,
        }
    }
}

#[derive(Default)]
pub struct RecordMutation;

/// Archives or restores the record behind `id` whatever its type.
async fn toggle(
    ctx: &Context<'_>,
    id: &ID,
    expected_version: i32,
    archived: bool,
    reason: Option<String>,
) -> Result<Option<Node>> {
    let state = RequestState::of(ctx)?;
    let author = Author::new(state.viewer, reason)?;
    let (node, uuid) = any_id("id", id)?;
    set_archived_any(&state.db, author, node, uuid, expected_version, archived).await?;
    // An archived record is hidden from every read, so the answer is null; a restored one is back.
    load_node(ctx, None, node, uuid).await
}

#[Object]
impl RecordMutation {
    /// Archives a record (soft delete): it disappears from every list, count, relation and
    /// search, and so does everything about it (its aliases, citations, postings, …);
    /// nothing is deleted, and `restoreRecord` brings it all back. Editors and admins.
    async fn archive_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's id.")] id: ID,
        #[graphql(desc = "The `version` you read; a stale one is a CONFLICT error.")]
        expected_version: i32,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<bool> {
        toggle(ctx, &id, expected_version, true, reason).await?;
        Ok(true)
    }

    /// Restores an archived record, and what was hidden because it was archived. Editors
    /// and admins.
    async fn restore_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's id.")] id: ID,
        #[graphql(desc = "The `version` you read; a stale one is a CONFLICT error.")]
        expected_version: i32,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<Option<Node>> {
        toggle(ctx, &id, expected_version, false, reason).await
    }

    /// Sets or removes a record's texts in one language each, with their status and
    /// translator: `{ field: "name", lang: AR, text: "سجن الخطيب", status: ORIGINAL }`.
    /// Checked like the fields they translate (lengths, characters, and no name of a
    /// person hidden from the record's readers, in either script), versioned and audited
    /// like any change. Editors and admins.
    async fn set_translations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's id.")] id: ID,
        #[graphql(desc = "The `version` you read; a stale one is a CONFLICT error.")]
        expected_version: i32,
        #[graphql(desc = "The values to set or remove.")] values: Vec<TranslationInput>,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<Option<Node>> {
        let state = RequestState::of(ctx)?;
        let author = Author::new(state.viewer, reason)?;
        let (node, uuid) = any_id("id", &id)?;
        let values = values.into_iter().map(TranslationValue::from).collect();
        translate_any(&state.db, author, node, uuid, expected_version, values).await?;
        load_node(ctx, None, node, uuid).await
    }
}
