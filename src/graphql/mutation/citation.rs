//! Linking sources to records: adding, changing and removing citations.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::citation;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::{IntoDomain, any_id, change, id_of, visibility};
use crate::graphql::types::{Citation, CitationStatus, Confidence, Visibility};
use crate::ids::NodeType;
use crate::service::records::citation::{CitationPatch, NewCitation};
use crate::service::write;

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
    /// Who may read it, at most; public when omitted (a citation is hidden anyway
    /// whenever its record or its source is).
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

impl IntoDomain for AddCitationInput {
    type Domain = NewCitation;
    fn into_domain(self) -> Result<NewCitation> {
        Ok(NewCitation {
            subject: any_id("recordId", &self.record_id)?,
            source_id: id_of("sourceId", NodeType::Source, &self.source_id)?,
            field: self.field,
            locator: self.locator,
            quote: self.quote,
            confidence: self.confidence.into(),
            status: self.status.map(Into::into),
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateCitationInput {
    type Domain = CitationPatch;
    fn into_domain(self) -> Result<CitationPatch> {
        Ok(CitationPatch {
            field: change(self.field),
            locator: change(self.locator),
            quote: change(self.quote),
            confidence: self.confidence.map(Into::into),
            status: self.status.map(Into::into),
            visibility: visibility(self.visibility),
        })
    }
}

#[derive(Default)]
pub struct Mutation;

#[Object(name = "CitationMutation")]
impl Mutation {
    /// Cites a source for a record (or one field of it). The citation is hidden whenever
    /// its record or its source is. Editors and admins.
    async fn add_citation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citation.")] input: AddCitationInput,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<Citation> {
        let state = RequestState::of(ctx)?;
        let new = input.into_domain()?;
        Ok(Citation::from(
            write::create::<citation::Entity>(
                &state.db,
                crate::service::write::Author::new(state.viewer, reason)?,
                new,
            )
            .await?,
        ))
    }

    /// Changes a citation: its confidence, review status, field, locator or quote. A stale
    /// `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_citation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citation's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateCitationInput,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<Citation> {
        let state = RequestState::of(ctx)?;
        let uuid = id_of("id", NodeType::Citation, &id)?;
        let patch = input.into_domain()?;
        Ok(Citation::from(
            write::update::<citation::Entity>(
                &state.db,
                crate::service::write::Author::new(state.viewer, reason)?,
                uuid,
                expected_version,
                patch,
            )
            .await?,
        ))
    }

    /// Removes (archives) a citation; its history stays in the audit log. Editors and admins.
    async fn remove_citation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citation's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<bool> {
        let state = RequestState::of(ctx)?;
        let uuid = id_of("id", NodeType::Citation, &id)?;
        write::set_archived::<citation::Entity>(
            &state.db,
            crate::service::write::Author::new(state.viewer, reason)?,
            uuid,
            expected_version,
            true,
        )
        .await?;
        Ok(true)
    }
}
