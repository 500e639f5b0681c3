//! Citations: a link from a record (and optionally one field of it) to a source, with
//! the quoted passage. Hidden whenever the record or the source is.

use entity::citation::{self, Model};
use uuid::Uuid;

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
    /// Where in the source.
    pub locator: Option<String>,
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

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("locator", m.locator.as_deref()),
            ("quote", m.quote.as_deref()),
        ])
    }
}
