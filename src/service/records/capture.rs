//! Captures: fixed copies of a source's content. The content itself is in the evidence
//! store (`crate::evidence`), named by its SHA-256; the record says what it is, how
//! large, when, where from and by whom it was collected. Hidden whenever its source is.
//! The content is what the record is: its hash, size and source never change (a
//! different copy is another capture).

use chrono::{DateTime, Utc};
use entity::capture::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldError, FieldResult, NAME_MAX};
use crate::service::records::{Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::vocab::Visibility;

record!(capture, Capture, Sha256, CapturedAt, CapturedAt);

/// The longest media type kept (RFC 6838 allows 127 characters on each side; the
/// column keeps the whole under 127, parameters included).
pub const MEDIA_TYPE_MAX: usize = 127;

/// A new capture of content already in the evidence store.
pub struct NewCapture {
    pub source_id: Uuid,
    pub sha256: String,
    pub size: i64,
    pub media_type: String,
    pub captured_at: Option<DateTime<Utc>>,
    pub url: Option<String>,
    pub captured_by: Option<String>,
    /// Public when omitted: a capture is hidden whenever its source is.
    pub visibility: Option<Visibility>,
}

/// Changes to what is said of a capture (never to its content).
#[derive(Default)]
pub struct CapturePatch {
    pub media_type: Option<String>,
    pub captured_at: Change<DateTime<Utc>>,
    pub url: Change<String>,
    pub captured_by: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for capture::Entity {
    type New = NewCapture;
    type Patch = CapturePatch;
    const REFS: &'static [Ref] = &[Ref::to("source_id", NodeType::Source)];

    fn build(new: NewCapture, stamp: Stamp) -> Model {
        Model {
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(Visibility::Public).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            source_id: new.source_id,
            sha256: new.sha256,
            size: new.size,
            media_type: new.media_type,
            captured_at: new.captured_at,
            url: new.url,
            captured_by: new.captured_by,
        }
    }

    fn apply(model: &mut Model, patch: CapturePatch) {
        set(&mut model.media_type, patch.media_type);
        patch.captured_at.apply(&mut model.captured_at);
        patch.url.apply(&mut model.url);
        patch.captured_by.apply(&mut model.captured_by);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        sha256(&mut m.sha256)?;
        if m.size < 0 {
            return Err(FieldError::new("size", "cannot be negative"));
        }
        media_type(&mut m.media_type)?;
        fields::url(&mut m.url, "url")?;
        fields::opt_text(&mut m.captured_by, "captured_by", NAME_MAX)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[("captured_by", m.captured_by.as_deref())])
    }
}

/// A SHA-256 in hexadecimal, kept lowercase.
pub fn sha256(slot: &mut String) -> FieldResult {
    *slot = slot.trim().to_ascii_lowercase();
    if slot.len() != 64 || !slot.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(FieldError::new(
            "sha256",
            "must be a SHA-256 in hexadecimal (64 digits 0-9, a-f)",
        ));
    }
    Ok(())
}

/// A media type, `type/subtype` with optional parameters (`text/plain; charset=utf-8`),
/// kept lowercase in its type and subtype.
pub fn media_type(slot: &mut String) -> FieldResult {
    fields::text(slot, "media_type", MEDIA_TYPE_MAX)?;
    let (essence, parameters) = match slot.split_once(';') {
        Some((essence, parameters)) => (essence.trim(), Some(parameters.trim())),
        None => (slot.trim(), None),
    };
    let token = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
    };
    match essence.split_once('/') {
        Some((kind, subtype)) if token(kind) && token(subtype) => {
            let essence = essence.to_ascii_lowercase();
            *slot = match parameters {
                Some(parameters) if !parameters.is_empty() => format!("{essence}; {parameters}"),
                _ => essence,
            };
            Ok(())
        }
        _ => Err(FieldError::new(
            "media_type",
            "must be a media type such as `text/html`, `application/pdf` or `video/mp4`",
        )),
    }
}
