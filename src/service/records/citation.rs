//! Citations: a link from a record (and optionally one field of it) to a source, with
//! the quoted passage. Hidden whenever the record or the source is.

use entity::citation::{self, Model};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::service::capture_texts;
use crate::service::pinpoint::{self, Pinpoint, Target};

use crate::ids::NodeType;
use crate::service::fields::{self, FieldError, FieldResult, LONG_TEXT_MAX, NAME_MAX};
use crate::service::records::{
    Allowed, Change, Kind, Ref, Stamp, Text, record, sensitive_columns, set,
};
use crate::service::translations::Translatable;
use crate::service::vocab::{CitationStatus, Confidence, Visibility};

record!(citation, Citation, CreatedAt, CreatedAt, CreatedAt);

/// Whether a citation of `field` of a record of `node` supports a sensitive field (a
/// person's notes or birth date), whose quote only some roles may read.
fn supports_sensitive(node: NodeType, field: Option<&str>) -> bool {
    field.is_some_and(|f| sensitive_columns(node).contains(&f))
}

/// A new citation.
pub struct NewCitation {
    pub subject: (NodeType, Uuid),
    pub source_id: Uuid,
    /// The field of the record it supports (snake_case), none for the whole record.
    pub field: Option<String>,
    /// Where in the source, in words.
    pub locator: Option<String>,
    /// Where in the source, typed (checked against its capture).
    pub pinpoint: Option<Pinpoint>,
    /// The passage, verbatim.
    pub quote: Option<String>,
    pub confidence: Confidence,
    /// Accepted when omitted.
    pub status: Option<CitationStatus>,
    /// Public when omitted: a citation is hidden whenever its record or source is.
    pub visibility: Option<Visibility>,
}

/// Changes to a citation.
#[derive(Default)]
pub struct CitationPatch {
    pub field: Change<String>,
    pub locator: Change<String>,
    pub pinpoint: Change<Pinpoint>,
    pub quote: Change<String>,
    pub confidence: Option<Confidence>,
    pub status: Option<CitationStatus>,
    pub visibility: Option<Visibility>,
}

impl Kind for citation::Entity {
    const ENGLISH_COLUMNS: bool = false;
    const TRANSLATABLE: &'static [Translatable] = &[Translatable::new("quote", LONG_TEXT_MAX)];
    type New = NewCitation;
    type Patch = CitationPatch;
    const REFS: &'static [Ref] = &[
        Ref::to("source_id", NodeType::Source),
        Ref::typed("subject_id", "subject_type", Allowed::Citable).called("recordId"),
        // Derived from the pinpoint: a citation is hidden whenever its capture is.
        Ref::to("capture_id", NodeType::Capture).called("pinpoint"),
    ];

    fn build(new: NewCitation, stamp: Stamp) -> Model {
        let default = if supports_sensitive(new.subject.0, new.field.as_deref()) {
            Visibility::Restricted
        } else {
            Visibility::Public
        };
        Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(default).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            source_id: new.source_id,
            subject_type: new.subject.0.table().into(),
            subject_id: new.subject.1,
            field: new.field,
            locator: new.locator,
            capture_id: new.pinpoint.as_ref().and_then(Pinpoint::capture),
            pinpoint: new.pinpoint.map(|p| p.to_json()),
            quote: new.quote,
            confidence: new.confidence.as_db().into(),
            status: new
                .status
                .unwrap_or(CitationStatus::Accepted)
                .as_db()
                .into(),
        }
    }

    fn apply(model: &mut Model, patch: CitationPatch) {
        patch.field.apply(&mut model.field);
        patch.locator.apply(&mut model.locator);
        patch
            .pinpoint
            .map(|p| p.to_json())
            .apply(&mut model.pinpoint);
        patch.quote.apply(&mut model.quote);
        set(
            &mut model.confidence,
            patch.confidence.map(|c| c.as_db().into()),
        );
        set(&mut model.status, patch.status.map(|s| s.as_db().into()));
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::opt_code(&mut m.field, "field", 64)?;
        fields::opt_text(&mut m.locator, "locator", NAME_MAX)?;
        // The stored form is canonical, and the capture column follows the pinpoint.
        m.capture_id = None;
        if let Some(json) = m.pinpoint.take() {
            let mut pinpoint = Pinpoint::parse(&json)?;
            pinpoint.check()?;
            m.capture_id = pinpoint.capture();
            m.pinpoint = Some(pinpoint.to_json());
        }
        fields::opt_text(&mut m.quote, "quote", LONG_TEXT_MAX)?;
        fields::one_of(
            &m.confidence,
            "confidence",
            Confidence::parse,
            Confidence::accepted,
        )?;
        fields::one_of(
            &m.status,
            "status",
            CitationStatus::parse,
            CitationStatus::accepted,
        )?;
        // Its quote says what the field says: as sensitive as the field.
        let subject = NodeType::from_table(&m.subject_type);
        if subject.is_some_and(|node| supports_sensitive(node, m.field.as_deref()))
            && m.visibility == Visibility::Public.as_db()
        {
            return Err(FieldError::new(
                "visibility",
                format!(
                    "a citation of `{}` is as sensitive as the field itself; make it restricted",
                    m.field.as_deref().unwrap_or_default()
                ),
            ));
        }
        Ok(())
    }

    /// A pinpoint into a capture points into one of the cited source's captures, at a
    /// place that exists there, where the quote is found.
    async fn check_in<C: ConnectionTrait>(db: &C, m: &Model) -> AppResult<()> {
        let (Some(json), Some(capture_id)) = (m.pinpoint.as_deref(), m.capture_id) else {
            return Ok(());
        };
        let pinpoint = Pinpoint::parse(json).map_err(AppError::Invalid)?;
        let Some(capture) = entity::capture::Entity::find_by_id(capture_id)
            .one(db)
            .await?
        else {
            // Pending in the same import: its row is stored before citations are.
            return Err(AppError::Invalid(FieldError::new(
                "pinpoint",
                "no capture with this id",
            )));
        };
        if capture.source_id != m.source_id {
            return Err(AppError::Invalid(FieldError::new(
                "pinpoint",
                "the capture is of another source: a pinpoint points into a capture of the cited source",
            )));
        }
        let text = if capture_texts::is_text(&capture.media_type) {
            capture_texts::load(db, &capture.sha256).await?
        } else {
            None
        };
        let media_type = capture_texts::essence(&capture.media_type);
        let target = Target {
            media_type: &media_type,
            text: text.as_deref(),
        };
        pinpoint::check_against(&pinpoint, &target, m.quote.as_deref()).map_err(AppError::Invalid)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("locator", m.locator.as_deref()),
            ("quote", m.quote.as_deref()),
        ])
    }
}
