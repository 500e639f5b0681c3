//! Visibility follows what a record is about. Each record keeps the visibility an editor
//! gave it (`visibility`) and the one readers are filtered by (`effective_visibility`):
//! the most restrictive of its own, `hidden` when it is archived, and the effective
//! visibility of every record it points at (a posting's person and branch, an alias's
//! or citation's record, a citation's source, a statistic's subject and claimant, a
//! charge's verdict, …). An event is as hidden as the most hidden record it concerns.
//!
//! The column is kept by the domain layer in the write's own transaction: [`refresh`]
//! recomputes the records a write touched and, through the references of every type
//! (`records::Kind::REFS`), everything that points at one whose level changed. So
//! restricting or archiving a record hides what is about it at once, and making it
//! visible again brings back only what was hidden because of it (a record restricted in
//! its own right stays restricted). Reads filter on the column alone (`Viewer::can_see`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::error::AppResult;
use crate::ids::NodeType;
use crate::records::on_record_type;
use crate::service::batch::padded;
use crate::service::records::{Kind, references_of, refs_of};
use crate::service::vocab::Visibility;

/// Who may read a record, as readers are filtered: a visibility, or hidden from every
/// reader (archived, or about an archived record). Ordered from least to most hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Public,
    Restricted,
    Confidential,
    Hidden,
}

impl Level {
    pub fn as_db(self) -> &'static str {
        match self {
            Level::Public => "public",
            Level::Restricted => "restricted",
            Level::Confidential => "confidential",
            Level::Hidden => "hidden",
        }
    }

    /// Reads a stored level; anything unknown (or not yet computed) is hidden: a record
    /// whose level cannot be read is shown to no one.
    pub fn parse(text: &str) -> Level {
        match text {
            "public" => Level::Public,
            "restricted" => Level::Restricted,
            "confidential" => Level::Confidential,
            _ => Level::Hidden,
        }
    }

    /// The level of a record by itself: its visibility, or hidden when archived.
    pub fn own(visibility: &str, archived: bool) -> Level {
        if archived {
            Level::Hidden
        } else {
            match Visibility::parse(visibility) {
                Some(v) => Level::from(v),
                None => Level::Hidden,
            }
        }
    }
}

impl From<Visibility> for Level {
    fn from(v: Visibility) -> Level {
        match v {
            Visibility::Public => Level::Public,
            Visibility::Restricted => Level::Restricted,
            Visibility::Confidential => Level::Confidential,
        }
    }
}

/// The rule itself: a record is as hidden as the most hidden of itself and everything it
/// is about. A record it points at that cannot be found counts as hidden.
pub fn effective(own: Level, about: impl IntoIterator<Item = Level>) -> Level {
    about.into_iter().fold(own, Ord::max)
}

/// Records of several types, by type, in the table's order.
pub type RecordSet = BTreeMap<NodeType, BTreeSet<Uuid>>;

/// Recomputes the effective visibility of `touched` and of everything that points at a
/// record whose level changed, in the caller's transaction. `fresh` are records the
/// write inserted: nothing outside the write can point at them yet, so their dependents
/// are not looked for. Returns the records whose level changed (the search index of
/// named ones follows, see `write::settle`).
pub async fn refresh<C: ConnectionTrait>(
    db: &C,
    touched: &RecordSet,
    fresh: &RecordSet,
) -> AppResult<RecordSet> {
    let mut pending = touched.clone();
    // A written link changes what its event is about.
    if let Some(links) = touched.get(&NodeType::EventLink) {
        let events = column_of(db, NodeType::EventLink, "event_id", "id", links).await?;
        pending.entry(NodeType::Event).or_default().extend(events);
    }
    let mut changed = RecordSet::new();
    // Every reference points at a type earlier in the table (a branch may point at a
    // branch, handled by taking that type's work again), so one pass in order suffices;
    // passes repeat while work is left, should a later type ever be pointed at.
    while pending.values().any(|ids| !ids.is_empty()) {
        for &node in NodeType::RECORDS {
            while let Some(ids) = pending.remove(&node).filter(|ids| !ids.is_empty()) {
                let ids: Vec<Uuid> = ids.into_iter().collect();
                // In chunks: a whole table's rows are never held at once.
                let mut now_changed = Vec::new();
                for chunk in ids.chunks(RECOMPUTE_CHUNK) {
                    now_changed.extend(recompute(db, node, chunk).await?);
                }
                if now_changed.is_empty() {
                    continue;
                }
                let (new, known): (Vec<Uuid>, Vec<Uuid>) = now_changed
                    .iter()
                    .copied()
                    .partition(|id| fresh.get(&node).is_some_and(|f| f.contains(id)));
                // A new record's dependents can only be new ones of the same write; those of
                // later types are recomputed in their turn, those of its own type (a branch
                // under a new branch) must be looked for.
                for (ids, only) in [(known, None), (new, Some(node))] {
                    if ids.is_empty() {
                        continue;
                    }
                    for (child, child_ids) in dependents(db, node, &ids, only).await? {
                        pending.entry(child).or_default().extend(child_ids);
                    }
                }
                changed.entry(node).or_default().extend(now_changed);
            }
        }
    }
    Ok(changed)
}

/// Rows recomputed at once.
const RECOMPUTE_CHUNK: usize = 5_000;

/// Recomputes the rows `ids` of `node`; returns those whose level changed.
async fn recompute<C: ConnectionTrait>(
    db: &C,
    node: NodeType,
    ids: &[Uuid],
) -> AppResult<Vec<Uuid>> {
    on_record_type!(node, E => recompute_table::<E, C>(db, ids).await, otherwise => Ok(Vec::new()))
}

async fn recompute_table<K: Kind, C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> AppResult<Vec<Uuid>> {
    let mut models = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        models.extend(
            K::find()
                .filter(Expr::col((K::default(), K::id_col())).is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    let expected = expected_levels::<K, C>(db, &models).await?;
    let mut updates: BTreeMap<Level, Vec<Uuid>> = BTreeMap::new();
    for model in &models {
        let id = K::id_of(model);
        let level = expected.get(&id).copied().unwrap_or(Level::Hidden);
        if level.as_db() != K::effective_of(model) {
            updates.entry(level).or_default().push(id);
        }
    }
    let mut changed = Vec::new();
    for (level, ids) in updates {
        for chunk in ids.chunks(500) {
            let mut update = Query::update();
            update
                .table(K::default())
                .value(K::effective_col(), level.as_db())
                .and_where(Expr::col(K::id_col()).is_in(chunk.iter().copied()));
            db.execute(&update).await?;
        }
        changed.extend(ids);
    }
    Ok(changed)
}

/// The level each of `models` should have, from its own visibility and the stored level
/// of every record it is about.
pub async fn expected_levels<K: Kind, C: ConnectionTrait>(
    db: &C,
    models: &[K::Model],
) -> AppResult<HashMap<Uuid, Level>> {
    // What each row is about: its references, and for an event the records it concerns.
    let mut about: HashMap<Uuid, Vec<(NodeType, Uuid)>> = HashMap::new();
    let mut extra: HashMap<Uuid, Vec<Level>> = HashMap::new();
    for model in models {
        let id = K::id_of(model);
        let entry = about.entry(id).or_default();
        for (_, node, target) in references_of::<K>(model) {
            match node {
                Some(node) => entry.push((node, target)),
                // A reference to a type that does not exist can only hide.
                None => extra.entry(id).or_default().push(Level::Hidden),
            }
        }
    }
    if K::NODE == NodeType::Event {
        let events: Vec<Uuid> = about.keys().copied().collect();
        for (event, link_level, subject) in event_subjects(db, &events).await? {
            about.entry(event).or_default().push(subject);
            extra.entry(event).or_default().push(link_level);
        }
    }
    let levels = levels_of(db, about.values().flatten().copied()).await?;
    Ok(models
        .iter()
        .map(|model| {
            let id = K::id_of(model);
            let own = Level::own(K::visibility_of(model), K::archived_of(model).is_some());
            let parents = about
                .get(&id)
                .into_iter()
                .flatten()
                .map(|target| levels.get(target).copied().unwrap_or(Level::Hidden));
            let extra = extra.get(&id).into_iter().flatten().copied();
            (id, effective(own, parents.chain(extra)))
        })
        .collect())
}

/// For each of `events`, the records its live links point at, with each link's own level.
async fn event_subjects<C: ConnectionTrait>(
    db: &C,
    events: &[Uuid],
) -> AppResult<Vec<(Uuid, Level, (NodeType, Uuid))>> {
    let mut out = Vec::new();
    for chunk in events.chunks(500) {
        let links = entity::event_link::Entity::find()
            .filter(
                Expr::col((
                    entity::event_link::Entity,
                    entity::event_link::Column::EventId,
                ))
                .is_in(chunk.iter().copied()),
            )
            .filter(
                Expr::col((
                    entity::event_link::Entity,
                    entity::event_link::Column::ArchivedAt,
                ))
                .is_null(),
            )
            .all(db)
            .await?;
        for link in links {
            let level = Level::own(&link.visibility, false);
            match NodeType::from_table(&link.subject_type) {
                Some(node) => out.push((link.event_id, level, (node, link.subject_id))),
                None => out.push((link.event_id, Level::Hidden, (NodeType::EventLink, link.id))),
            }
        }
    }
    Ok(out)
}

/// The stored effective level of each of `records` (absent ones are left out).
pub async fn levels_of<C: ConnectionTrait>(
    db: &C,
    records: impl IntoIterator<Item = (NodeType, Uuid)>,
) -> AppResult<HashMap<(NodeType, Uuid), Level>> {
    let mut by_type: RecordSet = RecordSet::new();
    for (node, id) in records {
        by_type.entry(node).or_default().insert(id);
    }
    let mut levels = HashMap::new();
    for (node, ids) in by_type {
        let ids: Vec<Uuid> = ids.into_iter().collect();
        for chunk in ids.chunks(500) {
            let table = Alias::new(node.table());
            let mut select = Query::select();
            select
                .columns([Alias::new("id"), Alias::new("effective_visibility")])
                .from(table)
                .and_where(Expr::col(Alias::new("id")).is_in(padded(chunk)));
            for row in db.query_all(&select).await? {
                let id: Uuid = row.try_get("", "id")?;
                let level: Option<String> = row.try_get("", "effective_visibility")?;
                levels.insert((node, id), Level::parse(level.as_deref().unwrap_or("")));
            }
        }
    }
    Ok(levels)
}

/// The records that point at one of `ids` of `node`: through a reference column of
/// their own, or (for events) through a link.
/// With `only`, just the dependents of that type.
async fn dependents<C: ConnectionTrait>(
    db: &C,
    node: NodeType,
    ids: &[Uuid],
    only: Option<NodeType>,
) -> AppResult<Vec<(NodeType, Vec<Uuid>)>> {
    let ids: BTreeSet<Uuid> = ids.iter().copied().collect();
    let mut out = Vec::new();
    for &child in NodeType::RECORDS {
        if only.is_some_and(|only| only != child) {
            continue;
        }
        for r in refs_of(child) {
            if !r.allowed.contains(node) {
                continue;
            }
            let mut found = Vec::new();
            for chunk in ids.iter().copied().collect::<Vec<_>>().chunks(500) {
                let mut select = Query::select();
                select
                    .column(Alias::new("id"))
                    .from(Alias::new(child.table()))
                    .and_where(Expr::col(Alias::new(r.column)).is_in(chunk.iter().copied()));
                if let Some(type_column) = r.type_column {
                    select.and_where(Expr::col(Alias::new(type_column)).eq(node.table()));
                }
                for row in db.query_all(&select).await? {
                    found.push(row.try_get::<Uuid>("", "id")?);
                }
            }
            if !found.is_empty() {
                out.push((child, found));
            }
        }
    }
    // An event is about the records its links point at.
    if only.is_none() && crate::service::records::event_link::LINKABLE.contains(&node) {
        let mut events = Vec::new();
        for chunk in ids.iter().copied().collect::<Vec<_>>().chunks(500) {
            let mut select = Query::select();
            select
                .column(Alias::new("event_id"))
                .from(Alias::new(NodeType::EventLink.table()))
                .and_where(Expr::col(Alias::new("subject_id")).is_in(chunk.iter().copied()))
                .and_where(Expr::col(Alias::new("subject_type")).eq(node.table()));
            for row in db.query_all(&select).await? {
                events.push(row.try_get::<Uuid>("", "event_id")?);
            }
        }
        if !events.is_empty() {
            out.push((NodeType::Event, events));
        }
    }
    Ok(out)
}

/// The values of `column` in the rows of `node` whose `key` is one of `ids`.
async fn column_of<C: ConnectionTrait>(
    db: &C,
    node: NodeType,
    column: &str,
    key: &str,
    ids: &BTreeSet<Uuid>,
) -> AppResult<Vec<Uuid>> {
    let mut out = Vec::new();
    for chunk in ids.iter().copied().collect::<Vec<_>>().chunks(500) {
        let mut select = Query::select();
        select
            .column(Alias::new(column))
            .from(Alias::new(node.table()))
            .and_where(Expr::col(Alias::new(key)).is_in(chunk.iter().copied()));
        for row in db.query_all(&select).await? {
            out.push(row.try_get::<Uuid>("", column)?);
        }
    }
    Ok(out)
}

/// Recomputes every record of the database, type by type; for a database migrated from a
/// version without the column. Returns how many changed.
pub async fn refresh_all<C: ConnectionTrait>(db: &C) -> AppResult<u64> {
    let mut all = RecordSet::new();
    for &node in NodeType::RECORDS {
        // A row without a level is read as hidden until it gets its own below.
        let mut placeholder = Query::update();
        placeholder
            .table(Alias::new(node.table()))
            .value(Alias::new("effective_visibility"), Level::Hidden.as_db())
            .and_where(Expr::col(Alias::new("effective_visibility")).is_null());
        db.execute(&placeholder).await?;
        all.insert(node, all_ids(db, node).await?.into_iter().collect());
    }
    // Every row is recomputed in the table's order, parents before what points at them,
    // so no row's dependents need looking for (but a branch's, within its own table).
    let changed = refresh(db, &all, &all).await?;
    Ok(changed.values().map(|s| s.len() as u64).sum())
}

/// Every id of `node`'s table.
async fn all_ids<C: ConnectionTrait>(db: &C, node: NodeType) -> AppResult<Vec<Uuid>> {
    let mut select = Query::select();
    select
        .column(Alias::new("id"))
        .from(Alias::new(node.table()));
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| row.try_get::<Uuid>("", "id").map_err(Into::into))
        .collect()
}

/// Whether any row of any record table has no computed level yet (a database migrated
/// from a version without the column).
pub async fn needs_refresh<C: ConnectionTrait>(db: &C) -> AppResult<bool> {
    for &node in NodeType::RECORDS {
        let mut select = Query::select();
        select
            .column(Alias::new("id"))
            .from(Alias::new(node.table()))
            .and_where(Expr::col(Alias::new("effective_visibility")).is_null())
            .limit(1);
        if db.query_one(&select).await?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_points_at_an_earlier_type_of_the_table() {
        // What lets `refresh` settle everything in one pass.
        for (at, &node) in NodeType::RECORDS.iter().enumerate() {
            for r in crate::service::records::refs_of(node) {
                for (target_at, &target) in NodeType::RECORDS.iter().enumerate() {
                    if r.allowed.contains(target) {
                        assert!(
                            target_at < at || (target == node && node == NodeType::Branch),
                            "{node:?}.{} points at {target:?}, later in the table",
                            r.column
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_record_is_as_hidden_as_the_most_hidden_thing_it_is_about() {
        assert_eq!(effective(Level::Public, []), Level::Public);
        assert_eq!(
            effective(Level::Public, [Level::Public, Level::Restricted]),
            Level::Restricted
        );
        assert_eq!(
            effective(Level::Confidential, [Level::Public]),
            Level::Confidential
        );
        assert_eq!(effective(Level::Public, [Level::Hidden]), Level::Hidden);
        assert_eq!(Level::own("public", true), Level::Hidden);
        assert_eq!(Level::own("bogus", false), Level::Hidden);
        assert_eq!(Level::parse(""), Level::Hidden);
    }
}
