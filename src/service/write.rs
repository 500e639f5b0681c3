//! What every write shares: who may write, optimistic concurrency, the audit entry in
//! the write's own transaction, and archiving (nothing is ever deleted).

use chrono::Utc;
use entity::audit_log;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use serde::Serialize;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::service::access::{Role, Viewer};
use crate::service::changes;
use crate::service::record::Record;
use crate::service::search;

/// What a write did, as the audit log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Create,
    Update,
    Archive,
    Restore,
    Import,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Update => "update",
            Operation::Archive => "archive",
            Operation::Restore => "restore",
            Operation::Import => "import",
        }
    }
}

/// Writes need an editor's or an admin's key.
/// Opens a write transaction. On SQLite it takes the write lock at `BEGIN` (IMMEDIATE):
/// a deferred transaction that reads first cannot upgrade to writing once another
/// writer has committed, and fails with "database is locked" instead of waiting.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

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

/// Records one write in the audit log, in the caller's transaction.
pub async fn audit<C: ConnectionTrait, T: Serialize>(
    db: &C,
    viewer: Viewer,
    operation: Operation,
    node: NodeType,
    id: Uuid,
    before: Option<&T>,
    after: Option<&T>,
) -> AppResult<()> {
    let json = |value: Option<&T>| {
        value
            .map(serde_json::to_string)
            .transpose()
            .map_err(AppError::internal)
    };
    let key_name = match viewer.key {
        Some(key) => entity::api_key::Entity::find_by_id(key)
            .one(db)
            .await?
            .map(|k| k.name),
        None => None,
    };
    let (before, after) = (json(before)?, json(after)?);
    let change =
        changes::ChangeAction::of_audit(operation.as_str(), before.is_none()).map(|action| {
            changes::Change {
                action,
                node,
                id,
                version: changes::version_in(after.as_deref()),
            }
        });
    let now = Utc::now();
    audit_log::Model {
        id: Uuid::new_v4(),
        created_at: now,
        updated_at: now,
        visibility: "confidential".into(),
        version: 1,
        archived_at: None,
        key_id: viewer.key,
        key_name,
        role: viewer.role.as_str().into(),
        operation: operation.as_str().into(),
        record_type: node.name().into(),
        record_id: id,
        before,
        after,
    }
    .into_active_model()
    .insert(db)
    .await?;
    // In the same transaction: subscribers hear of the write only once it commits.
    if let Some(change) = change {
        changes::announce(db, change).await?;
    }
    Ok(())
}

/// The current row of `E` with `id`, checked against the version the editor read.
/// Writers see every visibility, so a missing row really is missing.
pub async fn load_current<E: Record, C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    expected_version: i32,
) -> AppResult<E::Model> {
    let current = E::find()
        .filter(Expr::col((E::default(), E::id_col())).eq(id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no {} with this id", E::NODE.name())))?;
    let version = E::version_of(&current);
    if version != expected_version {
        return Err(AppError::Conflict(format!(
            "this {} was changed since you read it (it is at version {version}, you sent expectedVersion {expected_version}); read it again and re-apply your change",
            E::NODE.name()
        )));
    }
    Ok(current)
}

/// Writes `model` (already carrying `expected_version + 1`) over the row, only if the row
/// is still at `expected_version`: two editors who read the same version cannot both
/// write, whatever the timing. Returns the stored row.
pub async fn update_checked<E: Record, C: ConnectionTrait>(
    db: &C,
    model: E::Model,
    expected_version: i32,
) -> AppResult<E::Model>
where
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let id = E::id_of(&model);
    // Every column is written: the row is the editor's whole view of the record.
    let active = model.into_active_model().reset_all();
    let result = E::update_many()
        .set(active)
        .filter(Expr::col((E::default(), E::id_col())).eq(id))
        .filter(Expr::col((E::default(), Alias::new("version"))).eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "this {} was changed while you were saving; read it again and re-apply your change",
            E::NODE.name()
        )));
    }
    load_current::<E, _>(db, id, expected_version + 1).await
}

/// Archives (or restores) any record: it disappears from (or returns to) every read;
/// its history stays in the audit log.
pub async fn set_archived<E: Record>(
    db: &DatabaseConnection,
    viewer: Viewer,
    id: Uuid,
    expected_version: i32,
    archived: bool,
) -> AppResult<E::Model>
where
    E::Model: Serialize,
{
    require_writer(viewer)?;
    let txn = crate::service::write::begin_write(db).await?;
    let before = load_current::<E, _>(&txn, id, expected_version).await?;
    let now = Utc::now();
    let mut update = Query::update();
    update
        .table(E::default())
        .value(E::archived_col(), if archived { Some(now) } else { None })
        .value(Alias::new("updated_at"), now)
        .value(
            Alias::new("version"),
            Expr::col(Alias::new("version")).add(1),
        )
        .and_where(Expr::col(E::id_col()).eq(id))
        .and_where(Expr::col(Alias::new("version")).eq(expected_version));
    if txn.execute(&update).await?.rows_affected() != 1 {
        return Err(AppError::Conflict(
            "the record changed while archiving it; read it again".into(),
        ));
    }
    let after = load_current::<E, _>(&txn, id, expected_version + 1).await?;
    let operation = if archived {
        Operation::Archive
    } else {
        Operation::Restore
    };
    audit(
        &txn,
        viewer,
        operation,
        E::NODE,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    reindex_names_of::<E, _>(&txn, &after).await?;
    txn.commit().await?;
    Ok(after)
}

/// Keeps the search index in step with a written record: a named record's own keys,
/// or, for an alias, its subject's.
pub async fn reindex_names_of<E: Record, C: ConnectionTrait>(
    db: &C,
    model: &E::Model,
) -> AppResult<()> {
    let id = E::id_of(model);
    let subject = match E::NODE {
        NodeType::Alias => entity::alias::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.subject_id),
        node if search::NAMED.iter().any(|(t, _)| *t == node) => Some(id),
        _ => None,
    };
    if let Some(subject) = subject {
        search::reindex(db, &[subject]).await?;
    }
    Ok(())
}

/// Stores a new record in `txn`, with its audit entry and (for named records) its
/// search keys: the whole of a `create…` mutation after validation.
pub async fn insert_audited<E: Record, C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    model: E::Model,
) -> AppResult<E::Model>
where
    E::Model: Serialize + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let stored = model.into_active_model().insert(db).await?;
    audit(
        db,
        viewer,
        Operation::Create,
        E::NODE,
        E::id_of(&stored),
        None,
        Some(&stored),
    )
    .await?;
    reindex_names_of::<E, _>(db, &stored).await?;
    Ok(stored)
}

/// Writes `changed` (carrying `expected_version + 1` and a new `updated_at`) over
/// `before` if the row is still at `expected_version`, with its audit entry and search
/// keys: the whole of an `update…` mutation after validation.
pub async fn update_audited<E: Record, C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    before: &E::Model,
    changed: E::Model,
    expected_version: i32,
) -> AppResult<E::Model>
where
    E::Model: Serialize + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let stored = update_checked::<E, _>(db, changed, expected_version).await?;
    audit(
        db,
        viewer,
        Operation::Update,
        E::NODE,
        E::id_of(&stored),
        Some(before),
        Some(&stored),
    )
    .await?;
    reindex_names_of::<E, _>(db, &stored).await?;
    Ok(stored)
}
