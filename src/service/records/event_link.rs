//! Event links: the records an event concerns. They are parts of their event, written
//! with it (`event::sync_links`), and hidden whenever the event or the record is.

use entity::event_link::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldResult};
use crate::service::records::{Allowed, Kind, Ref, Stamp, Text, record};
use crate::service::vocab::Visibility;

record!(event_link, EventLink, SubjectType, CreatedAt, CreatedAt);

/// The kinds of record an event may concern.
pub const LINKABLE: &[NodeType] = &[
    NodeType::Facility,
    NodeType::Branch,
    NodeType::Agency,
    NodeType::Person,
    NodeType::Trial,
    NodeType::Organization,
    NodeType::Verdict,
];

/// A new link of an event to a record.
pub struct NewEventLink {
    pub event_id: Uuid,
    pub subject: (NodeType, Uuid),
    /// The record's part in the event, e.g. `defendant`, `controlling agency`.
    pub role: Option<String>,
}

/// Links are replaced through their event, never patched.
#[derive(Default)]
pub struct EventLinkPatch;

impl Kind for event_link::Entity {
    type New = NewEventLink;
    type Patch = EventLinkPatch;
    const REFS: &'static [Ref] = &[
        Ref::to("event_id", NodeType::Event),
        Ref::typed("subject_id", "subject_type", Allowed::List(LINKABLE)).called("records"),
    ];

    fn build(new: NewEventLink, stamp: Stamp) -> Model {
        Model {
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: Visibility::Public.as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            event_id: new.event_id,
            subject_type: new.subject.0.table().into(),
            subject_id: new.subject.1,
            role: new.role,
        }
    }

    fn apply(_model: &mut Model, _patch: EventLinkPatch) {}

    fn check(m: &mut Model) -> FieldResult {
        fields::opt_text(&mut m.role, "role", 64)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[("role", m.role.as_deref())])
    }
}
