//! Creating and changing events, with the records each concerns.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};

use crate::graphql::context::RequestState;
use crate::graphql::mutation::{IntoDomain, any_id, change, id_of, visibility};
use crate::graphql::types::{Event, EventKind, Visibility};
use crate::ids::NodeType;
use crate::service::records::event::{self, EventPatch, NewEvent};

/// A new event.
#[derive(InputObject)]
pub struct CreateEventInput {
    /// What kind of thing happened.
    pub kind: EventKind,
    /// A one-line title.
    pub title: String,
    /// When (EDTF, e.g. `2024-12-08`).
    pub date: Option<String>,
    /// What happened, in brief.
    pub description: Option<String>,
    /// The records it concerns: facilities, branches, agencies, persons, trials,
    /// organizations or verdicts.
    pub records: Option<Vec<ID>>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to an event: omitted fields stay; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateEventInput {
    /// A new kind.
    pub kind: Option<EventKind>,
    /// A new title.
    pub title: Option<String>,
    /// A new date (EDTF), or null.
    pub date: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// The records it concerns, replacing the current ones (records kept keep their link
    /// and its role); omit to leave them as they are.
    pub records: Option<Vec<ID>>,
    /// Who may read it (its links follow).
    pub visibility: Option<Visibility>,
}

/// The records an event concerns, decoded (which types may be linked is the domain's rule).
fn records(ids: &[ID]) -> Result<Vec<(NodeType, uuid::Uuid)>> {
    ids.iter().map(|id| any_id("records", id)).collect()
}

impl IntoDomain for CreateEventInput {
    type Domain = NewEvent;
    fn into_domain(self) -> Result<NewEvent> {
        Ok(NewEvent {
            kind: self.kind.into(),
            title: self.title,
            date: self.date,
            description: self.description,
            records: records(&self.records.unwrap_or_default())?,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateEventInput {
    type Domain = EventPatch;
    fn into_domain(self) -> Result<EventPatch> {
        Ok(EventPatch {
            kind: self.kind.map(Into::into),
            title: self.title,
            date: change(self.date),
            description: change(self.description),
            records: self.records.as_deref().map(records).transpose()?,
            visibility: visibility(self.visibility),
        })
    }
}

#[derive(Default)]
pub struct Mutation;

#[Object(name = "EventMutation")]
impl Mutation {
    /// Adds an event and links it to the records it concerns; it shows in the timeline of
    /// each, and is hidden from whoever may not see one of them. Editors and admins.
    async fn create_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event.")] input: CreateEventInput,
        #[graphql(desc = "Its texts in other languages, as `setTranslations` takes them.")]
        translations: Option<Vec<crate::graphql::mutation::TranslationInput>>,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<Event> {
        let state = RequestState::of(ctx)?;
        let new = input.into_domain()?;
        let values = crate::graphql::mutation::translation_values(translations);
        Ok(Event::from(
            event::create(
                &state.db,
                crate::service::write::Author::new(state.viewer, reason)?,
                new,
                values,
            )
            .await?,
        ))
    }

    /// Changes an event; `records`, when given, replaces the records it concerns. A stale
    /// `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateEventInput,
        #[graphql(desc = "Texts in other languages to set or remove in the same change.")]
        translations: Option<Vec<crate::graphql::mutation::TranslationInput>>,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<Event> {
        let state = RequestState::of(ctx)?;
        let uuid = id_of("id", NodeType::Event, &id)?;
        let patch = input.into_domain()?;
        let values = crate::graphql::mutation::translation_values(translations);
        Ok(Event::from(
            event::update(
                &state.db,
                crate::service::write::Author::new(state.viewer, reason)?,
                uuid,
                expected_version,
                patch,
                values,
            )
            .await?,
        ))
    }
}
