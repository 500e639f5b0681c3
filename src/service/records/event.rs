//! Events: something that happened on a date, linked to the records it concerns; the
//! timeline is built from them. An event is as hidden as the most hidden record it
//! concerns (`service::visibility`), so it never reveals one.

use std::collections::HashSet;

use entity::event::{self, Model};
use entity::event_link;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::service::fields::{self, FieldError, FieldResult, LONG_TEXT_MAX, NAME_MAX};
use crate::service::records::event_link::NewEventLink;
use crate::service::records::{Change, Kind, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::{EventKind, Visibility};
use crate::service::write::{TranslationValue, Work, begin_write, load, require_writer};

record!(event, Event, Title, DateEarliest, DateLatest);

/// The most records one event may concern.
pub const MAX_RECORDS: usize = 100;

/// A new event.
pub struct NewEvent {
    pub kind: EventKind,
    pub title: String,
    /// EDTF.
    pub date: Option<String>,
    pub description: Option<String>,
    /// The records it concerns.
    pub records: Vec<(NodeType, Uuid)>,
    pub visibility: Option<Visibility>,
}

/// Changes to an event.
#[derive(Default)]
pub struct EventPatch {
    pub kind: Option<EventKind>,
    pub title: Option<String>,
    pub date: Change<String>,
    pub description: Change<String>,
    /// Replaces the records it concerns (records kept keep their link and its role).
    pub records: Option<Vec<(NodeType, Uuid)>>,
    pub visibility: Option<Visibility>,
}

impl Kind for event::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("title", NAME_MAX),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewEvent;
    type Patch = EventPatch;

    fn build(new: NewEvent, stamp: Stamp) -> Model {
        Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(Visibility::Public).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            kind: new.kind.as_db().into(),
            title: new.title,
            date: new.date,
            date_earliest: None,
            date_latest: None,
            description: new.description,
        }
    }

    fn apply(model: &mut Model, patch: EventPatch) {
        set(&mut model.kind, patch.kind.map(|k| k.as_db().into()));
        set(&mut model.title, patch.title);
        patch.date.apply(&mut model.date);
        patch.description.apply(&mut model.description);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::one_of(&m.kind, "kind", EventKind::parse, EventKind::accepted)?;
        fields::text(&mut m.title, "title", NAME_MAX)?;
        fields::edtf(
            &mut m.date,
            &mut m.date_earliest,
            &mut m.date_latest,
            "date",
        )?;
        fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("title", Some(m.title.as_str())),
            ("description", m.description.as_deref()),
        ])
    }
}

/// The records an event concerns: at most `MAX_RECORDS`, each once, in order.
fn distinct(records: Vec<(NodeType, Uuid)>) -> AppResult<Vec<(NodeType, Uuid)>> {
    if records.len() > MAX_RECORDS {
        return Err(AppError::Invalid(FieldError::new(
            "records",
            format!("at most {MAX_RECORDS} records"),
        )));
    }
    let mut seen = HashSet::new();
    Ok(records
        .into_iter()
        .filter(|(_, id)| seen.insert(*id))
        .collect())
}

/// Adds an event and its links in one transaction; its visibility and the hidden-name
/// rule are settled once the links are in.
pub async fn create(
    db: &DatabaseConnection,
    author: impl Into<crate::service::write::Author>,
    mut new: NewEvent,
    translations: Vec<TranslationValue>,
) -> AppResult<Model> {
    let author = author.into();
    require_writer(author.viewer)?;
    let records = distinct(std::mem::take(&mut new.records))?;
    let txn = begin_write(db).await?;
    let mut work = Work::new(author)?;
    let id = work
        .create_with::<event::Entity, _>(&txn, new, translations)
        .await?;
    sync_links(&txn, &mut work, id, Some(records)).await?;
    work.finish(&txn).await?;
    let stored = stored_event(&txn, id).await?;
    txn.commit().await?;
    Ok(stored)
}

/// Changes an event and, when given, the records it concerns, in one transaction.
pub async fn update(
    db: &DatabaseConnection,
    author: impl Into<crate::service::write::Author>,
    id: Uuid,
    expected_version: i32,
    mut patch: EventPatch,
    translations: Vec<TranslationValue>,
) -> AppResult<Model> {
    let author = author.into();
    require_writer(author.viewer)?;
    let records = patch.records.take().map(distinct).transpose()?;
    let txn = begin_write(db).await?;
    let mut work = Work::new(author)?;
    work.update_with::<event::Entity, _>(&txn, id, expected_version, patch, translations)
        .await?;
    sync_links(&txn, &mut work, id, records).await?;
    work.finish(&txn).await?;
    let stored = stored_event(&txn, id).await?;
    txn.commit().await?;
    Ok(stored)
}

async fn stored_event<C: ConnectionTrait>(txn: &C, id: Uuid) -> AppResult<Model> {
    load::<event::Entity, C>(txn, id)
        .await?
        .ok_or_else(|| AppError::NotFound("no Event with this id".into()))
}

/// Makes the live links of `event` point at `records` (when given): dropped links are
/// archived and new ones added, each through the door like any write.
async fn sync_links<C: ConnectionTrait>(
    txn: &C,
    work: &mut Work,
    event: Uuid,
    records: Option<Vec<(NodeType, Uuid)>>,
) -> AppResult<()> {
    let Some(records) = records else {
        return Ok(());
    };
    let current = event_link::Entity::find()
        .filter(event_link::Column::EventId.eq(event))
        .filter(event_link::Column::ArchivedAt.is_null())
        .order_by_asc(event_link::Column::CreatedAt)
        .order_by_asc(event_link::Column::Id)
        .all(txn)
        .await?;
    let wanted: HashSet<Uuid> = records.iter().map(|(_, id)| *id).collect();
    for link in &current {
        if !wanted.contains(&link.subject_id) {
            work.set_archived::<event_link::Entity, C>(txn, link.id, link.version, true)
                .await?;
        }
    }
    let existing: HashSet<Uuid> = current.iter().map(|l| l.subject_id).collect();
    for subject in records {
        if existing.contains(&subject.1) {
            continue;
        }
        let link = NewEventLink {
            event_id: event,
            subject,
            role: None,
        };
        work.create::<event_link::Entity, C>(txn, link).await?;
    }
    Ok(())
}
