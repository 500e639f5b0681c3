//! Creating and changing events, with the records each concerns. The links share the
//! event's visibility; replacing them archives the dropped links and adds the new ones,
//! in the event's own transaction.

use std::collections::HashSet;

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::{event, event_link};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::posting::{reference_any, visibility_or};
use crate::graphql::context::RequestState;
use crate::graphql::mutation::{patch_date, patch_text};
use crate::graphql::types::{Event, EventKind, Visibility};
use crate::ids::{NodeType, decode_id_of};
use crate::service::access::Viewer;
use crate::service::validate;
use crate::service::write::{
    Operation, audit, begin_write, insert_audited, load_current, require_writer, update_audited,
    update_checked,
};

/// The kinds of record an event may concern.
const LINKABLE: [NodeType; 7] = [
    NodeType::Facility,
    NodeType::Branch,
    NodeType::Agency,
    NodeType::Person,
    NodeType::Trial,
    NodeType::Organization,
    NodeType::Verdict,
];

/// The most records one event may concern.
const MAX_RECORDS: usize = 100;

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

/// The checked records: each a visible record of a linkable type, each once, in order.
async fn linked_records<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    ids: &[ID],
) -> Result<Vec<(NodeType, Uuid)>> {
    if ids.len() > MAX_RECORDS {
        return Err(crate::error::AppError::bad_input(format!(
            "`records`: at most {MAX_RECORDS} records"
        ))
        .into());
    }
    let mut seen = HashSet::new();
    let mut records = Vec::with_capacity(ids.len());
    for id in ids {
        let record = reference_any(db, viewer, "records", &LINKABLE, id).await?;
        if seen.insert(record.1) {
            records.push(record);
        }
    }
    Ok(records)
}

/// Makes the live links of `stored` point at `records` (when given) and carry its
/// visibility: dropped links are archived, new ones inserted, and kept ones whose
/// visibility differs updated; each change is audited.
async fn sync_links<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    stored: &event::Model,
    records: Option<Vec<(NodeType, Uuid)>>,
) -> Result<()> {
    let current = event_link::Entity::find()
        .filter(event_link::Column::EventId.eq(stored.id))
        .filter(event_link::Column::ArchivedAt.is_null())
        .order_by_asc(event_link::Column::CreatedAt)
        .order_by_asc(event_link::Column::Id)
        .all(db)
        .await?;
    let wanted: Option<HashSet<Uuid>> = records
        .as_ref()
        .map(|r| r.iter().map(|(_, id)| *id).collect());
    let now = Utc::now();
    for link in &current {
        let dropped = wanted
            .as_ref()
            .is_some_and(|w| !w.contains(&link.subject_id));
        if !dropped && link.visibility == stored.visibility {
            continue;
        }
        let mut changed = link.clone();
        if dropped {
            changed.archived_at = Some(now);
        } else {
            changed.visibility = stored.visibility.clone();
        }
        changed.version = link.version + 1;
        changed.updated_at = now;
        let after = update_checked::<event_link::Entity, _>(db, changed, link.version).await?;
        let operation = if dropped {
            Operation::Archive
        } else {
            Operation::Update
        };
        audit(
            db,
            viewer,
            operation,
            NodeType::EventLink,
            link.id,
            Some(link),
            Some(&after),
        )
        .await?;
    }
    let existing: HashSet<Uuid> = current.iter().map(|l| l.subject_id).collect();
    for (node, subject) in records.unwrap_or_default() {
        if existing.contains(&subject) {
            continue;
        }
        let link = event_link::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: stored.visibility.clone(),
            version: 1,
            archived_at: None,
            event_id: stored.id,
            subject_type: node.table().into(),
            subject_id: subject,
            role: None,
        };
        insert_audited::<event_link::Entity, _>(db, viewer, link).await?;
    }
    Ok(())
}

#[derive(Default)]
pub struct EventMutation;

#[Object]
impl EventMutation {
    /// Adds an event and links it to the records it concerns; it shows in the timeline of
    /// each. Editors and admins.
    async fn create_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event.")] input: CreateEventInput,
    ) -> Result<Event> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let (date, date_earliest, date_latest) = validate::fuzzy_date("date", input.date)?;
        let now = Utc::now();
        let model = event::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: visibility_or(input.visibility, Visibility::Public),
            version: 1,
            archived_at: None,
            kind: input.kind.as_db().into(),
            title: validate::text("title", &input.title, 255)?,
            date,
            date_earliest,
            date_latest,
            description: validate::optional_text("description", input.description, 20_000)?,
        };
        let txn = begin_write(&state.db).await?;
        let records =
            linked_records(&txn, state.viewer, &input.records.unwrap_or_default()).await?;
        let stored = insert_audited::<event::Entity, _>(&txn, state.viewer, model).await?;
        sync_links(&txn, state.viewer, &stored, Some(records)).await?;
        txn.commit().await?;
        Ok(Event::from(stored))
    }

    /// Changes an event; `records`, when given, replaces the records it concerns. A stale
    /// `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateEventInput,
    ) -> Result<Event> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Event, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<event::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(kind) = input.kind {
            model.kind = kind.as_db().into();
        }
        if let Some(title) = input.title {
            model.title = validate::text("title", &title, 255)?;
        }
        if let Some((text, earliest, latest)) = patch_date("date", input.date)? {
            (model.date, model.date_earliest, model.date_latest) = (text, earliest, latest);
        }
        patch_text(
            "description",
            input.description,
            20_000,
            &mut model.description,
        )?;
        if let Some(visibility) = input.visibility {
            model.visibility = visibility.as_db().into();
        }
        let records = match &input.records {
            Some(ids) => Some(linked_records(&txn, state.viewer, ids).await?),
            None => None,
        };
        model.version = before.version + 1;
        model.updated_at = Utc::now();
        let stored = update_audited::<event::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        sync_links(&txn, state.viewer, &stored, records).await?;
        txn.commit().await?;
        Ok(Event::from(stored))
    }
}
