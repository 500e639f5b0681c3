//! Linking sources to records: adding, changing and removing citations.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, OneofObject, Result};
use entity::citation;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::{IntoDomain, any_id, change, id_of, opt_id, visibility};
use crate::graphql::types::{Citation, CitationStatus, Confidence, Visibility};
use crate::ids::NodeType;
use crate::service::pinpoint::Pinpoint;
use crate::service::records::Change;
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
    /// Where in the source, in words: a section, a paragraph, an infobox field.
    pub locator: Option<String>,
    /// Where in the source, typed; checked against the capture it points into (the
    /// place exists there, and holds the quote).
    pub pinpoint: Option<PinpointInput>,
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
    /// Where in the source in words, or null.
    pub locator: MaybeUndefined<String>,
    /// Where in the source, typed, or null.
    pub pinpoint: MaybeUndefined<PinpointInput>,
    /// The quoted passage, or null.
    pub quote: MaybeUndefined<String>,
    /// How sure it is that the source supports the record.
    pub confidence: Option<Confidence>,
    /// Where it stands in review (accepted, disputed, needs review).
    pub status: Option<CitationStatus>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

/// Where in its source a citation is: exactly one of these. Words alone are the
/// citation's `locator`.
#[derive(OneofObject)]
pub enum PinpointInput {
    /// Pages.
    Page(RangeInput),
    /// A paragraph.
    Paragraph(NumberInput),
    /// Lines of a text capture.
    Lines(RangeInput),
    /// Characters of a text capture.
    Characters(CharacterRangeInput),
    /// Seconds of a recording.
    Time(TimeRangeInput),
    /// A frame of a video.
    Frame(NumberInput),
    /// A spreadsheet cell or range.
    Cell(CellInput),
}

/// A range of pages or lines, from 1, both ends included.
#[derive(InputObject)]
pub struct RangeInput {
    /// The capture of the cited source it points into, if any.
    pub capture: Option<ID>,
    /// The first.
    pub start: i32,
    /// The last; the first when omitted.
    pub end: Option<i32>,
}

/// A paragraph (from 1) or a frame (from 0).
#[derive(InputObject)]
pub struct NumberInput {
    /// The capture of the cited source it points into, if any.
    pub capture: Option<ID>,
    /// Its number.
    pub number: i32,
}

/// Characters of a text capture, in Unicode characters (code points) from 0, the end
/// excluded.
#[derive(InputObject)]
pub struct CharacterRangeInput {
    /// The text capture of the cited source.
    pub capture: ID,
    /// The offset of the first character.
    pub start: i32,
    /// The offset just past the last character.
    pub end: i32,
}

/// Seconds of a recording.
#[derive(InputObject)]
pub struct TimeRangeInput {
    /// The recording (a capture of the cited source), if any.
    pub capture: Option<ID>,
    /// From, in seconds.
    pub start: f64,
    /// To, in seconds; `start` when omitted.
    pub end: Option<f64>,
}

/// A spreadsheet cell or range, in A1 notation (`B12`, `B12:C14`).
#[derive(InputObject)]
pub struct CellInput {
    /// The spreadsheet (a capture of the cited source), if any.
    pub capture: Option<ID>,
    /// The sheet, when the spreadsheet has several.
    pub sheet: Option<String>,
    /// The cell or range.
    pub cell: String,
}

impl PinpointInput {
    fn into_domain(self) -> Result<Pinpoint> {
        let capture = |id: Option<ID>| opt_id("pinpoint.capture", NodeType::Capture, id.as_ref());
        Ok(match self {
            PinpointInput::Page(r) => Pinpoint::Page {
                capture: capture(r.capture)?,
                start: r.start.into(),
                end: r.end.unwrap_or(r.start).into(),
            },
            PinpointInput::Lines(r) => Pinpoint::Lines {
                capture: capture(r.capture)?,
                start: r.start.into(),
                end: r.end.unwrap_or(r.start).into(),
            },
            PinpointInput::Paragraph(n) => Pinpoint::Paragraph {
                capture: capture(n.capture)?,
                number: n.number.into(),
            },
            PinpointInput::Frame(n) => Pinpoint::Frame {
                capture: capture(n.capture)?,
                number: n.number.into(),
            },
            PinpointInput::Characters(c) => Pinpoint::Characters {
                capture: id_of("pinpoint.capture", NodeType::Capture, &c.capture)?,
                start: c.start.into(),
                end: c.end.into(),
            },
            PinpointInput::Time(t) => Pinpoint::Time {
                capture: capture(t.capture)?,
                start: t.start,
                end: t.end.unwrap_or(t.start),
            },
            PinpointInput::Cell(c) => Pinpoint::Cell {
                capture: capture(c.capture)?,
                sheet: c.sheet,
                cell: c.cell,
            },
        })
    }
}

impl IntoDomain for AddCitationInput {
    type Domain = NewCitation;
    fn into_domain(self) -> Result<NewCitation> {
        Ok(NewCitation {
            subject: any_id("recordId", &self.record_id)?,
            source_id: id_of("sourceId", NodeType::Source, &self.source_id)?,
            field: self.field,
            locator: self.locator,
            pinpoint: self.pinpoint.map(PinpointInput::into_domain).transpose()?,
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
            pinpoint: match change(self.pinpoint) {
                Change::Set(p) => Change::Set(p.into_domain()?),
                Change::Clear => Change::Clear,
                Change::Keep => Change::Keep,
            },
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
