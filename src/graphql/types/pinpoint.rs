//! `Citation.pinpoint`: where in its source a citation is, typed (see
//! `service::pinpoint`). Each kind names the capture it points into, when it does;
//! a citation that says where only in words has a `TextPinpoint`.

use async_graphql::{ComplexObject, Context, Result, SimpleObject, Union};
use entity::{capture, citation};
use uuid::Uuid;

use crate::graphql::connection::{AsOf, one};
use crate::graphql::types::Capture;
use crate::service::pinpoint::Pinpoint as Typed;

/// Where in its source a citation is: a page range, a paragraph, a line range, a
/// character range, a time range, a frame, a spreadsheet cell, or words.
#[derive(Union, Clone)]
pub enum Pinpoint {
    PageRange(PageRange),
    ParagraphPinpoint(ParagraphPinpoint),
    LineRange(LineRange),
    CharacterRange(CharacterRange),
    TimeRange(TimeRange),
    FramePinpoint(FramePinpoint),
    CellPinpoint(CellPinpoint),
    TextPinpoint(TextPinpoint),
}

/// Pages `start` to `end` (from 1, both included).
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct PageRange {
    /// The first page.
    pub start: i64,
    /// The last page (the first, for one page).
    pub end: i64,
    #[graphql(skip)]
    pub capture_id: Option<Uuid>,
    #[graphql(skip)]
    pub at: AsOf,
}

/// A paragraph: in a text capture, the `number`th block of lines between blank lines
/// (checked on write); otherwise as the source numbers its paragraphs.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct ParagraphPinpoint {
    /// Its number, from 1.
    pub number: i64,
    #[graphql(skip)]
    pub capture_id: Option<Uuid>,
    #[graphql(skip)]
    pub at: AsOf,
}

/// Lines `start` to `end` of a text capture (from 1, both included).
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct LineRange {
    /// The first line.
    pub start: i64,
    /// The last line.
    pub end: i64,
    #[graphql(skip)]
    pub capture_id: Option<Uuid>,
    #[graphql(skip)]
    pub at: AsOf,
}

/// Characters `start` (included) to `end` (excluded) of a text capture, counted in
/// Unicode characters (code points) from 0: the quote is those characters, up to
/// whitespace (checked on write).
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct CharacterRange {
    /// The offset of the first character.
    pub start: i64,
    /// The offset just past the last character.
    pub end: i64,
    #[graphql(skip)]
    pub capture_id: Option<Uuid>,
    #[graphql(skip)]
    pub at: AsOf,
}

/// Seconds `start` to `end` of a recording (a video or audio capture).
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct TimeRange {
    /// From, in seconds.
    pub start: f64,
    /// To, in seconds.
    pub end: f64,
    #[graphql(skip)]
    pub capture_id: Option<Uuid>,
    #[graphql(skip)]
    pub at: AsOf,
}

/// One frame of a video, numbered from 0.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct FramePinpoint {
    /// The frame's number.
    pub number: i64,
    #[graphql(skip)]
    pub capture_id: Option<Uuid>,
    #[graphql(skip)]
    pub at: AsOf,
}

/// A spreadsheet cell or range in A1 notation (`B12`, `B12:C14`); in a CSV capture the
/// quote is found there (checked on write).
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct CellPinpoint {
    /// The sheet, when the spreadsheet has several.
    pub sheet: Option<String>,
    /// The cell or range.
    pub cell: String,
    #[graphql(skip)]
    pub capture_id: Option<Uuid>,
    #[graphql(skip)]
    pub at: AsOf,
}

/// Where in the source, in words only (a section, an infobox field): the citation's
/// `locator`.
#[derive(SimpleObject, Clone)]
pub struct TextPinpoint {
    /// The words.
    pub text: String,
}

/// The `capture` field of each kind of pinpoint that may point into one.
macro_rules! points_into_capture {
    ($($kind:ident),*) => {$(
        #[ComplexObject]
        impl $kind {
            /// The capture it points into: one of the cited source's; null when it
            /// names none, or you may not see it.
            async fn capture(&self, ctx: &Context<'_>) -> Result<Option<Capture>> {
                match self.capture_id {
                    Some(id) => one::<capture::Entity, Capture>(ctx, self.at, id).await,
                    None => Ok(None),
                }
            }
        }
    )*};
}

points_into_capture!(
    PageRange,
    ParagraphPinpoint,
    LineRange,
    CharacterRange,
    TimeRange,
    FramePinpoint,
    CellPinpoint
);

impl Pinpoint {
    /// The pinpoint of a citation read as of `at`: its typed one, or its words.
    pub fn of(model: &citation::Model, at: AsOf) -> Option<Pinpoint> {
        let typed = model
            .pinpoint
            .as_deref()
            .and_then(|json| Typed::parse(json).ok());
        let Some(typed) = typed else {
            return model
                .locator
                .clone()
                .map(|text| Pinpoint::TextPinpoint(TextPinpoint { text }));
        };
        let capture_id = typed.capture();
        Some(match typed {
            Typed::Page { start, end, .. } => Pinpoint::PageRange(PageRange {
                start,
                end,
                capture_id,
                at,
            }),
            Typed::Paragraph { number, .. } => Pinpoint::ParagraphPinpoint(ParagraphPinpoint {
                number,
                capture_id,
                at,
            }),
            Typed::Lines { start, end, .. } => Pinpoint::LineRange(LineRange {
                start,
                end,
                capture_id,
                at,
            }),
            Typed::Characters { start, end, .. } => Pinpoint::CharacterRange(CharacterRange {
                start,
                end,
                capture_id,
                at,
            }),
            Typed::Time { start, end, .. } => Pinpoint::TimeRange(TimeRange {
                start,
                end,
                capture_id,
                at,
            }),
            Typed::Frame { number, .. } => Pinpoint::FramePinpoint(FramePinpoint {
                number,
                capture_id,
                at,
            }),
            Typed::Cell { sheet, cell, .. } => Pinpoint::CellPinpoint(CellPinpoint {
                sheet,
                cell,
                capture_id,
                at,
            }),
        })
    }
}
