//! The one door every write goes through: who may write, the rules of the record type
//! (`records::Kind`), references, unique slugs, optimistic concurrency, the derived
//! visibility of the record and of everything about it, the search index, the names of
//! hidden people in visible text, and the audit entry with its change event — all in
//! the write's own transaction, so a write is stored whole or not at all.
//!
//! A single write (a mutation) is `create` / `update` / `set_archived`. A bulk write (an
//! import, the built-in data) uses the same steps on many rows: `prepare` each, `store`
//! each, then `settle` once (see `service::bulk`).

use chrono::{SubsecRound, Utc};
use entity::audit_log;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use serde::Serialize;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::ids::NodeType;
use crate::service::access::{Role, Viewer};
use crate::service::changes;
use crate::service::exposure;
use crate::service::fields::FieldError;
use crate::service::records::{Kind, Record, Stamp, references_of};
use crate::service::search;
use crate::service::translations::{self, Translation, Translations};
use crate::service::visibility::{self, Level, RecordSet};
use crate::service::vocab::{TranslationStatus, Visibility};

/// What a write did, as the audit log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Create,
    Update,
    Archive,
    Restore,
    Import,
    /// The built-in data, loaded or brought up to date.
    Seed,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Update => "update",
            Operation::Archive => "archive",
            Operation::Restore => "restore",
            Operation::Import => "import",
            Operation::Seed => "seed",
        }
    }
}

/// Opens a write transaction, one writer at a time. On SQLite it takes the write lock at
/// `BEGIN` (IMMEDIATE): a deferred transaction that reads first cannot upgrade to writing
/// once another writer has committed, and fails with "database is locked" instead of
/// waiting. On PostgreSQL and MariaDB it first locks the one row of `write_lock` (held
/// to commit) by updating it: a write derives visibility from the rows around it, and two
/// writes at once could each miss the other's change; they also see each other's slugs.
/// The update advances the data version (`service::data_version`), so every committed
/// write tells cached answers they may be stale.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        })
        .await?;
    crate::service::data_version::advance(&txn).await?;
    Ok(txn)
}

/// Writes need an editor's or an admin's key.
pub fn require_writer(viewer: Viewer) -> AppResult<()> {
    match viewer.role {
        Role::Editor | Role::Admin => Ok(()),
        Role::Public if viewer.key.is_none() => Err(AppError::Unauthenticated(
            "writing needs an API key with the editor or admin role: send `Authorization: Bearer <key>`".into(),
        )),
        _ => Err(AppError::Forbidden(format!(
            "the {} role may read but not write; writing needs the editor or admin role",
            viewer.role.as_str()
        ))),
    }
}

/// How the records a row points at are checked.
#[derive(Debug, Clone, Copy)]
pub enum References {
    /// They must exist and the writer must be able to see them (a mutation may not point
    /// at a record the writer cannot see, or at an archived one).
    VisibleTo(Viewer),
    /// They must exist, archived or not (an import or the built-in data, which carry
    /// archived records too); `pending` rows of the same write count as existing.
    Exist,
}

/// Every rule of the record type that a row must pass before it is stored: the type's
/// field rules (bringing the row to its canonical form), a known visibility and a sane
/// version, the records it points at, a unique slug, and the type's own rules over
/// other rows. `pending` are records the same write is about to store.
pub async fn prepare<K: Kind, C: ConnectionTrait>(
    db: &C,
    mut model: K::Model,
    references: References,
    pending: &RecordSet,
) -> AppResult<K::Model> {
    crate::service::records::check_row::<K>(&mut model).map_err(AppError::Invalid)?;
    if Visibility::parse(K::visibility_of(&model)).is_none() {
        return Err(AppError::Invalid(FieldError::new(
            "visibility",
            format!("must be one of {}", Visibility::accepted()),
        )));
    }
    if K::version_of(&model) < 1 {
        return Err(AppError::Invalid(FieldError::new(
            "version",
            "must be at least 1",
        )));
    }
    check_references::<K, C>(db, &model, references, pending).await?;
    if K::SLUG {
        unique_slug::<K, C>(db, &model).await?;
    }
    K::check_in(db, &model).await?;
    Ok(model)
}

/// Each record `model` points at exists (and may be seen, for a mutation) and is of a
/// type the reference allows.
async fn check_references<K: Kind, C: ConnectionTrait>(
    db: &C,
    model: &K::Model,
    references: References,
    pending: &RecordSet,
) -> AppResult<()> {
    for (reference, node, id) in references_of::<K>(model) {
        let bad = |message: String| {
            let error = FieldError::new(reference.column, message);
            AppError::Invalid(match reference.api {
                Some(api) => error.at(api),
                None => error,
            })
        };
        let Some(node) = node.filter(|n| reference.allowed.contains(*n)) else {
            return Err(bad(format!(
                "must be the id of {}",
                reference.allowed.describe()
            )));
        };
        if pending.get(&node).is_some_and(|ids| ids.contains(&id)) {
            continue;
        }
        let table = Alias::new(node.table());
        let mut select = Query::select();
        select
            .column((table.clone(), Alias::new("id")))
            .from(table.clone())
            .and_where(Expr::col((table.clone(), Alias::new("id"))).eq(id));
        if let References::VisibleTo(viewer) = references {
            select.cond_where(viewer.can_see((table, Alias::new("effective_visibility"))));
        }
        if db.query_one(&select).await?.is_none() {
            return Err(bad(format!("no {} with this id", node.name())));
        }
    }
    Ok(())
}

/// No other record of the type has the same slug.
async fn unique_slug<K: Kind, C: ConnectionTrait>(db: &C, model: &K::Model) -> AppResult<()> {
    let json = serde_json::to_value(model).map_err(AppError::internal)?;
    let Some(slug) = json.get("slug").and_then(|s| s.as_str()) else {
        return Ok(());
    };
    let mut select = Query::select();
    select
        .column(Alias::new("id"))
        .from(Alias::new(K::NODE.table()))
        .and_where(Expr::col(Alias::new("slug")).eq(slug))
        .and_where(Expr::col(Alias::new("id")).ne(K::id_of(model)));
    match db.query_one(&select).await? {
        Some(_) => Err(AppError::Invalid(FieldError::new(
            "slug",
            format!(
                "`{slug}` is already used by another {}; choose another",
                K::NODE.name()
            ),
        ))),
        None => Ok(()),
    }
}

/// Stores prepared new rows of one table, in multi-row statements, hidden until
/// `settle` computes their visibility.
pub async fn store_new<K: Kind, C: ConnectionTrait>(
    db: &C,
    models: Vec<K::Model>,
) -> AppResult<()> {
    let rows: Vec<K::ActiveModel> = models
        .into_iter()
        .map(|mut model| {
            K::set_effective(&mut model, Level::Hidden.as_db());
            model.into_active_model()
        })
        .collect();
    // Under SQLite's 32,766 bound values for the widest table (about 30 columns).
    for chunk in rows.chunks(500) {
        K::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Writes a prepared row over the stored one, only if the stored one is still at
/// `expected_version` (two editors who read the same version cannot both write,
/// whatever the timing); an import passes `None` and replaces the row as it is.
pub async fn store_changed<K: Kind, C: ConnectionTrait>(
    db: &C,
    model: K::Model,
    expected_version: Option<i32>,
) -> AppResult<()> {
    let id = K::id_of(&model);
    // A posting may leave its branch: that branch is recounted once the row is written.
    let left = crate::service::tally::counted_in::<K, C>(db, id).await?;
    // Every column is written: the row is the writer's whole view of the record (its
    // effective visibility, kept as stored here, is settled afterwards).
    let mut select = K::update_many()
        .set(model.into_active_model().reset_all())
        .filter(Expr::col((K::default(), K::id_col())).eq(id));
    if let Some(version) = expected_version {
        select = select.filter(Expr::col((K::default(), Alias::new("version"))).eq(version));
    }
    if select.exec(db).await?.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "this {} was changed while you were saving; read it again and re-apply your change",
            K::NODE.name()
        )));
    }
    if let Some(branch) = left {
        crate::service::tally::recount(db, &std::collections::BTreeSet::from([branch])).await?;
    }
    Ok(())
}

/// The current row of `K` with `id`, checked against the version the editor read.
/// Writers see every visibility, so a missing row really is missing.
pub async fn load_current<K: Record, C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    expected_version: i32,
) -> AppResult<K::Model> {
    let current = load::<K, C>(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no {} with this id", K::NODE.name())))?;
    let version = K::version_of(&current);
    if version != expected_version {
        return Err(AppError::Conflict(format!(
            "this {} was changed since you read it (it is at version {version}, you sent expectedVersion {expected_version}); read it again and re-apply your change",
            K::NODE.name()
        )));
    }
    Ok(current)
}

/// The stored row of `K` with `id`, whatever its visibility.
pub async fn load<K: Record, C: ConnectionTrait>(db: &C, id: Uuid) -> AppResult<Option<K::Model>> {
    Ok(K::find()
        .filter(Expr::col((K::default(), K::id_col())).eq(id))
        .one(db)
        .await?)
}

/// After the rows of a write are stored: derives the visibility of what it touched and
/// of everything about it, brings the name and full-text indexes, the sort copies
/// (`sort_copy.rs`) and the posting tally (`tally.rs`) up to date, and refuses text that
/// would show the name of a hidden person to readers who may not see that person.
/// `fresh` are the records it inserted (see `visibility::refresh`).
pub async fn settle<C: ConnectionTrait>(
    db: &C,
    touched: &RecordSet,
    fresh: &RecordSet,
) -> AppResult<RecordSet> {
    let changed = visibility::refresh(db, touched, fresh).await?;
    let mut renamed: Vec<Uuid> = Vec::new();
    for set in [touched, &changed] {
        for (node, ids) in set {
            if node.is_named() {
                renamed.extend(ids.iter().copied());
            } else if *node == NodeType::Alias {
                renamed.extend(alias_subjects(db, ids).await?);
            }
        }
    }
    renamed.sort_unstable();
    renamed.dedup();
    search::reindex(db, &renamed).await?;
    crate::service::sort_copy::refresh(db, touched).await?;
    let branches = crate::service::tally::branches_of(db, &[touched, &changed]).await?;
    crate::service::tally::recount(db, &branches).await?;
    let mut texts = touched.clone();
    for (node, ids) in &changed {
        texts.entry(*node).or_default().extend(ids.iter().copied());
    }
    crate::service::text_index::reindex(db, &texts).await?;
    exposure::check_written(db, touched).await?;
    // And the text of every other record whose level the write changed: a record it made
    // visible (a citation of a source made public, the postings of a restored person)
    // must not show its new readers a name hidden from them.
    let mut others = RecordSet::new();
    for (node, ids) in &changed {
        let written = touched.get(node);
        let ids = ids
            .iter()
            .filter(|id| !written.is_some_and(|w| w.contains(id)));
        others.entry(*node).or_default().extend(ids.copied());
    }
    exposure::check_written(db, &others)
        .await
        .map_err(|err| match err {
            AppError::Invalid(mut error) => {
                if let Some((node, id)) = error.record {
                    error.message = format!(
                        "{} (in {} {}, which this change would show to readers who may not see that person)",
                        error.message,
                        node.name(),
                        crate::ids::encode_id(node, id)
                    );
                }
                AppError::Invalid(error)
            }
            other => other,
        })?;
    Ok(changed)
}

/// The records the aliases `ids` name.
async fn alias_subjects<C: ConnectionTrait>(
    db: &C,
    ids: &std::collections::BTreeSet<Uuid>,
) -> AppResult<Vec<Uuid>> {
    let mut out = Vec::new();
    let ids: Vec<Uuid> = ids.iter().copied().collect();
    for chunk in ids.chunks(500) {
        let mut select = Query::select();
        select
            .column(Alias::new("subject_id"))
            .from(Alias::new(NodeType::Alias.table()))
            .and_where(Expr::col(Alias::new("id")).is_in(chunk.iter().copied()));
        for row in db.query_all(&select).await? {
            out.push(row.try_get::<Uuid>("", "subject_id")?);
        }
    }
    Ok(out)
}

/// Who writes, and why: the audit log keeps both with every write.
#[derive(Debug, Clone, Default)]
pub struct Author {
    pub viewer: Viewer,
    /// The writer's reason (a mutation's `reason`), or the import's or built-in data's.
    pub reason: Option<String>,
}

/// The longest reason a write may give.
pub const REASON_MAX: usize = 1_000;

impl Author {
    /// `viewer` writing for `reason`: trimmed, an empty one as none; one longer than
    /// `REASON_MAX` characters is refused, naming the argument.
    pub fn new(viewer: Viewer, reason: Option<String>) -> AppResult<Author> {
        let reason = reason
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        if reason
            .as_ref()
            .is_some_and(|r| r.chars().count() > REASON_MAX)
        {
            return Err(AppError::bad_input(format!(
                "`reason` is longer than {REASON_MAX} characters; say why in brief"
            )));
        }
        Ok(Author { viewer, reason })
    }
}

impl From<Viewer> for Author {
    fn from(viewer: Viewer) -> Author {
        Author {
            viewer,
            reason: None,
        }
    }
}

/// One entry of the audit log: the record and its JSON before and after the write.
pub struct Entry {
    pub node: NodeType,
    pub id: Uuid,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Entry {
    /// The entry of a write to `id` of `node` from `before` to `after`.
    pub fn of<T: Serialize>(
        node: NodeType,
        id: Uuid,
        before: Option<&T>,
        after: Option<&T>,
    ) -> AppResult<Entry> {
        let json = |value: Option<&T>| {
            value
                .map(serde_json::to_string)
                .transpose()
                .map_err(AppError::internal)
        };
        Ok(Entry {
            node,
            id,
            before: json(before)?,
            after: json(after)?,
        })
    }
}

/// Records the writes of one operation in the audit log, in the caller's transaction,
/// in a few multi-row statements, with their change events.
pub async fn audit_all<C: ConnectionTrait>(
    db: &C,
    author: &Author,
    operation: Operation,
    entries: Vec<Entry>,
) -> AppResult<()> {
    let viewer = author.viewer;
    let key_name = crate::service::keys::name_of(db, viewer).await?;
    // To the microsecond, as PostgreSQL and MariaDB keep it and the API writes it: on
    // SQLite (text) too, so that a version's `at` given back as `asOf` finds it.
    let now = Utc::now().trunc_subsecs(6);
    // The versions the graph is read from as of an instant, from the same images.
    let written: Vec<crate::service::versions::Written> = entries
        .iter()
        .map(|entry| crate::service::versions::Written {
            node: entry.node,
            id: entry.id,
            after: entry.after.as_deref(),
        })
        .collect();
    crate::service::versions::record(db, now, &written).await?;
    let mut changes = Vec::new();
    let mut rows = Vec::with_capacity(entries.len());
    for entry in entries {
        changes.extend(changes::Change::of_audit(
            operation.as_str(),
            entry.node,
            entry.id,
            entry.before.as_deref(),
            entry.after.as_deref(),
        ));
        rows.push(
            audit_log::Model {
                id: Uuid::new_v4(),
                created_at: now,
                updated_at: now,
                visibility: "confidential".into(),
                effective_visibility: "confidential".into(),
                version: 1,
                archived_at: None,
                key_id: viewer.key,
                key_name: key_name.clone(),
                role: viewer.role.as_str().into(),
                operation: operation.as_str().into(),
                record_type: entry.node.name().into(),
                record_id: entry.id,
                before: entry.before,
                after: entry.after,
                reason: author.reason.clone(),
            }
            .into_active_model(),
        );
    }
    for chunk in rows.chunks(100) {
        audit_log::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    // In the same transaction: subscribers hear of the writes only once it commits.
    changes::announce_all(db, &changes).await
}

/// The row as stored after `settle`, for the audit entry and the answer.
async fn stored<K: Kind, C: ConnectionTrait>(db: &C, id: Uuid) -> AppResult<K::Model> {
    load::<K, C>(db, id).await?.ok_or_else(|| {
        AppError::internal(DbErr::RecordNotFound(format!("{} {id}", K::NODE.name())))
    })
}

/// A set holding one record.
pub fn one(node: NodeType, id: Uuid) -> RecordSet {
    let mut set = RecordSet::new();
    set.entry(node).or_default().insert(id);
    set
}

/// The writes of one operation in a transaction (a record, or an event and its links):
/// each row is checked and stored as it comes, then `finish` settles them all at once
/// (derived visibility, search, the hidden-name rule on the final state) and writes the
/// audit entries with their settled after-images.
pub struct Work {
    viewer: Viewer,
    reason: Option<String>,
    touched: RecordSet,
    fresh: RecordSet,
    audits: Vec<(Operation, NodeType, Uuid, Option<String>)>,
}

impl Work {
    /// Work by `author`, who must be allowed to write.
    pub fn new(author: impl Into<Author>) -> AppResult<Work> {
        let Author { viewer, reason } = author.into();
        require_writer(viewer)?;
        Ok(Work {
            viewer,
            reason,
            touched: RecordSet::new(),
            fresh: RecordSet::new(),
            audits: Vec::new(),
        })
    }

    fn stored(&mut self, node: NodeType, id: Uuid, operation: Operation, before: Option<String>) {
        self.touched.entry(node).or_default().insert(id);
        if before.is_none() {
            self.fresh.entry(node).or_default().insert(id);
        }
        self.audits.push((operation, node, id, before));
    }

    /// Checks and stores a new record; returns its id.
    pub async fn create<K: Kind, C: ConnectionTrait>(
        &mut self,
        txn: &C,
        new: K::New,
    ) -> AppResult<Uuid> {
        self.create_with::<K, C>(txn, new, Vec::new()).await
    }

    /// Checks and stores a new record with its texts in other languages; returns its id.
    pub async fn create_with<K: Kind, C: ConnectionTrait>(
        &mut self,
        txn: &C,
        new: K::New,
        values: Vec<TranslationValue>,
    ) -> AppResult<Uuid> {
        let mut model = K::build(new, Stamp::new());
        apply_values::<K>(&mut model, values)?;
        // Records of this same work count as existing (an event's links point at it).
        let model = prepare::<K, C>(
            txn,
            model,
            References::VisibleTo(self.viewer),
            &self.touched,
        )
        .await?;
        let id = K::id_of(&model);
        store_new::<K, C>(txn, vec![model]).await?;
        self.stored(K::NODE, id, Operation::Create, None);
        Ok(id)
    }

    /// Checks and stores the change `patch` to record `id`, read at `expected_version`.
    pub async fn update<K: Kind, C: ConnectionTrait>(
        &mut self,
        txn: &C,
        id: Uuid,
        expected_version: i32,
        patch: K::Patch,
    ) -> AppResult<()> {
        self.update_with::<K, C>(txn, id, expected_version, patch, Vec::new())
            .await
    }

    /// [`Work::update`] with texts in other languages set in the same change.
    pub async fn update_with<K: Kind, C: ConnectionTrait>(
        &mut self,
        txn: &C,
        id: Uuid,
        expected_version: i32,
        patch: K::Patch,
        values: Vec<TranslationValue>,
    ) -> AppResult<()> {
        self.change::<K, C>(txn, id, expected_version, |model| {
            K::apply(model, patch);
            apply_values::<K>(model, values)
        })
        .await
    }

    /// Checks and stores what `edit` does to record `id`, read at `expected_version`.
    async fn change<K: Kind, C: ConnectionTrait>(
        &mut self,
        txn: &C,
        id: Uuid,
        expected_version: i32,
        edit: impl FnOnce(&mut K::Model) -> AppResult<()>,
    ) -> AppResult<()> {
        let before = load_current::<K, C>(txn, id, expected_version).await?;
        let mut model = before.clone();
        edit(&mut model)?;
        K::bump(&mut model, Utc::now());
        let model = prepare::<K, C>(
            txn,
            model,
            References::VisibleTo(self.viewer),
            &self.touched,
        )
        .await?;
        store_changed::<K, C>(txn, model, Some(expected_version)).await?;
        let before = serde_json::to_string(&before).map_err(AppError::internal)?;
        self.stored(K::NODE, id, Operation::Update, Some(before));
        Ok(())
    }

    /// Archives (or restores) record `id`, read at `expected_version`: it disappears from
    /// (or returns to) every read, with everything about it; its history stays.
    pub async fn set_archived<K: Kind, C: ConnectionTrait>(
        &mut self,
        txn: &C,
        id: Uuid,
        expected_version: i32,
        archived: bool,
    ) -> AppResult<()> {
        let before = load_current::<K, C>(txn, id, expected_version).await?;
        let mut model = before.clone();
        let now = Utc::now();
        K::set_archived(&mut model, archived.then_some(now));
        K::bump(&mut model, now);
        store_changed::<K, C>(txn, model, Some(expected_version)).await?;
        let operation = if archived {
            Operation::Archive
        } else {
            Operation::Restore
        };
        let before = serde_json::to_string(&before).map_err(AppError::internal)?;
        self.stored(K::NODE, id, operation, Some(before));
        Ok(())
    }

    /// Sets or removes values of record `id`'s texts in one language each, read at
    /// `expected_version`: an English value is the field itself, any other language goes
    /// to the record's translations. Checked, stored and audited like any change.
    pub async fn translate<K: Kind, C: ConnectionTrait>(
        &mut self,
        txn: &C,
        id: Uuid,
        expected_version: i32,
        values: Vec<TranslationValue>,
    ) -> AppResult<()> {
        self.change::<K, C>(txn, id, expected_version, |model| {
            apply_values::<K>(model, values)
        })
        .await
    }

    /// Settles what was stored and writes its audit entries.
    pub async fn finish<C: ConnectionTrait>(self, txn: &C) -> AppResult<()> {
        settle(txn, &self.touched, &self.fresh).await?;
        let author = Author {
            viewer: self.viewer,
            reason: self.reason,
        };
        for (operation, node, id, before) in self.audits {
            let after = crate::records::on_record_type!(
                node,
                E => load::<E, C>(txn, id)
                    .await?
                    .map(|m| serde_json::to_string(&m))
                    .transpose()
                    .map_err(AppError::internal)?,
                otherwise => None,
            );
            audit_all(
                txn,
                &author,
                operation,
                vec![Entry {
                    node,
                    id,
                    before,
                    after,
                }],
            )
            .await?;
        }
        Ok(())
    }
}

/// Creates a record in the transaction `txn`: the whole of a `create…` after the door
/// has turned its input into `new` (and `values`, its texts in other languages).
pub async fn create_in<K: Kind, C: ConnectionTrait>(
    txn: &C,
    author: impl Into<Author>,
    new: K::New,
    values: Vec<TranslationValue>,
) -> AppResult<K::Model> {
    let mut work = Work::new(author)?;
    let id = work.create_with::<K, C>(txn, new, values).await?;
    work.finish(txn).await?;
    stored::<K, C>(txn, id).await
}

/// Changes a record in `txn`: the whole of an `update…` (with `values`, texts in other
/// languages set in the same change).
pub async fn update_in<K: Kind, C: ConnectionTrait>(
    txn: &C,
    author: impl Into<Author>,
    id: Uuid,
    expected_version: i32,
    patch: K::Patch,
    values: Vec<TranslationValue>,
) -> AppResult<K::Model> {
    let mut work = Work::new(author)?;
    work.update_with::<K, C>(txn, id, expected_version, patch, values)
        .await?;
    work.finish(txn).await?;
    stored::<K, C>(txn, id).await
}

/// Archives (or restores) a record in `txn`.
pub async fn set_archived_in<K: Kind, C: ConnectionTrait>(
    txn: &C,
    author: impl Into<Author>,
    id: Uuid,
    expected_version: i32,
    archived: bool,
) -> AppResult<K::Model> {
    let mut work = Work::new(author)?;
    work.set_archived::<K, C>(txn, id, expected_version, archived)
        .await?;
    work.finish(txn).await?;
    stored::<K, C>(txn, id).await
}

/// [`create_in`] in a transaction of its own.
pub async fn create<K: Kind>(
    db: &DatabaseConnection,
    author: impl Into<Author>,
    new: K::New,
) -> AppResult<K::Model> {
    create_translated::<K>(db, author, new, Vec::new()).await
}

/// [`update_in`] in a transaction of its own.
pub async fn update<K: Kind>(
    db: &DatabaseConnection,
    author: impl Into<Author>,
    id: Uuid,
    expected_version: i32,
    patch: K::Patch,
) -> AppResult<K::Model> {
    update_translated::<K>(db, author, id, expected_version, patch, Vec::new()).await
}

/// [`set_archived_in`] in a transaction of its own.
pub async fn set_archived<K: Kind>(
    db: &DatabaseConnection,
    author: impl Into<Author>,
    id: Uuid,
    expected_version: i32,
    archived: bool,
) -> AppResult<K::Model> {
    let author = author.into();
    require_writer(author.viewer)?;
    let txn = begin_write(db).await?;
    let stored = set_archived_in::<K, _>(&txn, author, id, expected_version, archived).await?;
    txn.commit().await?;
    Ok(stored)
}

/// One field's value in one language, as an editor sets it (`text: None` removes it).
#[derive(Debug, Clone)]
pub struct TranslationValue {
    /// The field as the API names it (`publisherName`).
    pub field: String,
    pub lang: Language,
    pub text: Option<String>,
    /// Required with a text.
    pub status: Option<TranslationStatus>,
    pub translated_by: Option<String>,
}

impl TranslationValue {
    /// Writes the value into `model` (English: the field's column) and `translations`.
    fn apply<K: Kind>(
        self,
        model: &mut K::Model,
        translations: &mut Translations,
    ) -> Result<(), FieldError> {
        let field = translations::field_of::<K>(&self.field)?;
        let entry = match (self.text.clone(), self.status) {
            (None, _) => None,
            (Some(text), Some(status)) => Some(Translation {
                text,
                status: status.as_db().to_owned(),
                translated_by: self.translated_by.clone(),
            }),
            (Some(_), None) => {
                return Err(FieldError::new(
                    "status",
                    format!(
                        "give the status of the {} `{}`: ORIGINAL, REVIEWED or UNREVIEWED",
                        self.lang.code(),
                        self.field
                    ),
                ));
            }
        };
        if self.lang == Language::En && K::ENGLISH_COLUMNS {
            translations::set_column::<K>(model, field.column, self.text)?;
        }
        translations.set(field.column, self.lang, entry);
        Ok(())
    }
}

/// Writes `values` into `model`: English ones into its columns, the others into its
/// translations.
fn apply_values<K: Kind>(model: &mut K::Model, values: Vec<TranslationValue>) -> AppResult<()> {
    if values.is_empty() {
        return Ok(());
    }
    let mut translations = translations::of_for_write::<K>(model).map_err(AppError::Invalid)?;
    for value in values {
        value
            .apply::<K>(model, &mut translations)
            .map_err(AppError::Invalid)?;
    }
    translations::put::<K>(model, &translations).map_err(AppError::Invalid)
}

/// [`create_in`] with the record's texts in other languages, in a transaction of its own.
pub async fn create_translated<K: Kind>(
    db: &DatabaseConnection,
    author: impl Into<Author>,
    new: K::New,
    values: Vec<TranslationValue>,
) -> AppResult<K::Model> {
    // Before the transaction: a caller who may not write never takes the write lock.
    let author = author.into();
    require_writer(author.viewer)?;
    let txn = begin_write(db).await?;
    let stored = create_in::<K, _>(&txn, author, new, values).await?;
    txn.commit().await?;
    Ok(stored)
}

/// [`update_in`] with texts in other languages, in a transaction of its own.
pub async fn update_translated<K: Kind>(
    db: &DatabaseConnection,
    author: impl Into<Author>,
    id: Uuid,
    expected_version: i32,
    patch: K::Patch,
    values: Vec<TranslationValue>,
) -> AppResult<K::Model> {
    let author = author.into();
    require_writer(author.viewer)?;
    let txn = begin_write(db).await?;
    let stored = update_in::<K, _>(&txn, author, id, expected_version, patch, values).await?;
    txn.commit().await?;
    Ok(stored)
}

/// Sets values of a record's texts in other languages (or English), in a transaction
/// of its own: the whole of `setTranslations`.
pub async fn translate_any(
    db: &DatabaseConnection,
    author: impl Into<Author>,
    node: NodeType,
    id: Uuid,
    expected_version: i32,
    values: Vec<TranslationValue>,
) -> AppResult<()> {
    let author = author.into();
    require_writer(author.viewer)?;
    if !node.is_node() {
        return Err(AppError::bad_input(
            "`id`: this kind of record has no texts of its own",
        ));
    }
    let txn = begin_write(db).await?;
    let mut work = Work::new(author)?;
    crate::records::on_record_type!(
        node,
        E => work.translate::<E, _>(&txn, id, expected_version, values).await?,
        otherwise => return Err(AppError::bad_input("`id`: this kind of record has no texts of its own")),
    );
    work.finish(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Archives or restores the record `id` of any type that can be archived.
pub async fn set_archived_any(
    db: &DatabaseConnection,
    author: impl Into<Author>,
    node: NodeType,
    id: Uuid,
    expected_version: i32,
    archived: bool,
) -> AppResult<()> {
    if !node.is_node() {
        return Err(AppError::bad_input(
            "`id`: this kind of record cannot be archived on its own",
        ));
    }
    crate::records::on_record_type!(
        node,
        E => set_archived::<E>(db, author, id, expected_version, archived).await.map(|_| ()),
        otherwise => Err(AppError::bad_input("`id`: this kind of record cannot be archived")),
    )
}
