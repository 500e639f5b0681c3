//! Every record's versions as rows, for reading the graph as it was at an instant.
//!
//! `<table>_version` holds each version of a record of `<table>` with all its columns,
//! and the instants it held from (`valid_from`) and until (`valid_to`, null for the
//! current version). The door writes them in the same transaction as the audit log
//! (`write::audit_all`), from the same after-images; the audit log stays the record of
//! who changed what and why, the versions are the same images laid out as the record's
//! own columns, so that SQL can read them.
//!
//! A reader as of an instant (`Viewer::as_of`) reads [`rows_at`] in place of a record
//! table: every list, filter, count and relation then answers as it was, through the
//! same statements as now. What it may see follows `as_of.rs`'s rules: the version
//! must have been visible to it then (and not archived), and the record must not be
//! hidden from it now.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::audit_log;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IdenStatic, Iterable,
    ModelTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::records::on_record_type;
use crate::service::access::Viewer;
use crate::service::batch::padded;
use crate::service::records::Record;
use crate::service::visibility::Level;

const VALID_FROM: &str = "valid_from";
const VALID_TO: &str = "valid_to";

/// The table of `E`'s versions.
fn table_of<E: Record>() -> Alias {
    Alias::new(format!("{}_version", E::default().table_name()))
}

/// One write the audit log records: the record and its after-image (`None` once it is
/// deleted).
pub struct Written<'a> {
    pub node: NodeType,
    pub id: Uuid,
    pub after: Option<&'a str>,
}

/// Records the versions one batch of writes leaves at `at`: each written record's
/// current version ends at `at`, and a record that still exists begins a new one with
/// its after-image. A record written twice in the batch keeps its last image.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    at: DateTime<Utc>,
    writes: &[Written<'_>],
) -> AppResult<()> {
    let mut by_type: HashMap<NodeType, Vec<(Uuid, Option<&str>)>> = HashMap::new();
    for write in writes {
        let images = by_type.entry(write.node).or_default();
        images.retain(|(id, _)| *id != write.id);
        images.push((write.id, write.after));
    }
    for (node, images) in by_type {
        on_record_type!(
            node,
            E => record_of::<E, C>(db, at, &images).await?,
            otherwise => (),
        );
    }
    Ok(())
}

async fn record_of<E: Record, C: ConnectionTrait>(
    db: &C,
    at: DateTime<Utc>,
    images: &[(Uuid, Option<&str>)],
) -> AppResult<()>
where
    E::Model: serde::de::DeserializeOwned,
{
    let ids: Vec<Uuid> = images.iter().map(|(id, _)| *id).collect();
    let models = images
        .iter()
        .filter_map(|(_, after)| *after)
        .map(|after| serde_json::from_str::<E::Model>(after).map_err(AppError::internal))
        .collect::<AppResult<Vec<_>>>()?;
    close_and_open::<E, C>(db, at, &ids, &models).await
}

/// Ends the current versions of `closed` at `at`, and begins one for each of `opened`.
async fn close_and_open<E: Record, C: ConnectionTrait>(
    db: &C,
    at: DateTime<Utc>,
    closed: &[Uuid],
    opened: &[E::Model],
) -> AppResult<()> {
    let table = table_of::<E>();
    for chunk in closed.chunks(1_000) {
        let mut close = Query::update();
        close
            .table(table.clone())
            .value(Alias::new(VALID_TO), at)
            .and_where(Expr::col(Alias::new("id")).is_in(padded(chunk)))
            .and_where(Expr::col(Alias::new(VALID_TO)).is_null());
        db.execute(&close).await?;
    }
    let columns: Vec<E::Column> = E::Column::iter().collect();
    // Keeps a statement's parameters well under every database's limit.
    let per_statement = (10_000 / (columns.len() + 1)).max(1);
    for chunk in opened.chunks(per_statement) {
        let mut insert = Query::insert();
        insert.into_table(table.clone()).columns(
            columns
                .iter()
                .map(|c| Alias::new(c.as_str()))
                .chain([Alias::new(VALID_FROM)]),
        );
        for model in chunk {
            let values = columns
                .iter()
                .map(|c| Expr::val(model.get(*c)))
                .chain([Expr::val(at)]);
            insert
                .values(values.collect::<Vec<_>>())
                .map_err(AppError::internal)?;
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

/// What `viewer` reads in place of `E`'s table: `E`'s rows as of its instant, when it
/// reads as of one and `E` is a record type (the search index and the audit log,
/// which keep no versions, are read as they are).
pub fn read_as_of<E: Record>(viewer: Viewer) -> Option<SelectStatement> {
    let at = viewer.as_of?;
    NodeType::RECORDS
        .contains(&E::NODE)
        .then(|| rows_at::<E>(viewer, at))
}

/// The rows of `E` as they were at `at`, with `E`'s own columns: what a reader as of
/// `at` reads in place of `E`'s table (aliased as it). The outer statement still
/// filters them by their effective visibility then; this keeps only records that are
/// not hidden from `viewer` now (an archived one judged by its own visibility).
fn rows_at<E: Record>(viewer: Viewer, at: DateTime<Utc>) -> SelectStatement {
    // Nothing is known of the future: a later instant reads as now. (It also keeps the
    // instant within what MySQL's TIMESTAMP columns hold, which end in 2038.)
    let at = std::cmp::min(at, Utc::now());
    let versions = table_of::<E>();
    let mut select = Query::select();
    for column in E::Column::iter() {
        select.column((versions.clone(), Alias::new(column.as_str())));
    }
    select
        .from(versions.clone())
        .and_where(Expr::col((versions.clone(), Alias::new(VALID_FROM))).lte(at))
        .cond_where(
            sea_orm::Condition::any()
                .add(Expr::col((versions.clone(), Alias::new(VALID_TO))).is_null())
                .add(Expr::col((versions.clone(), Alias::new(VALID_TO))).gt(at)),
        )
        .and_where(Expr::col((versions.clone(), E::archived_col())).is_null())
        .and_where(Expr::col((versions, Alias::new("id"))).in_subquery(readable_now::<E>(viewer)));
    select
}

/// The ids of the records of `E` whose visibility today lets `viewer` read them as they
/// were: an archived one (effective `hidden`) by its own visibility.
fn readable_now<E: Record>(viewer: Viewer) -> SelectStatement {
    // A name of its own: the statement around it reads the versions under the table's
    // name, and no database should have to tell the two apart by scope.
    let live = Alias::new(format!("{}_now", E::default().table_name()));
    let effective = (live.clone(), Alias::new(E::effective_col().as_str()));
    let mut select = Query::select();
    select
        .column((live.clone(), Alias::new(E::id_col().as_str())))
        .from_as(E::default(), live.clone())
        .cond_where(
            sea_orm::Condition::any()
                .add(viewer.can_see(effective.clone()))
                .add(
                    sea_orm::Condition::all()
                        .add(Expr::col(effective).eq(Level::Hidden.as_db()))
                        .add(viewer.can_see((live, Alias::new("visibility")))),
                ),
        );
    select
}

/// Rebuilds the versions of every record type whose version table is empty while it
/// has records: a database written before versions were kept gets them from its audit
/// log's after-images, once, when the server starts. An image the record's columns can
/// no longer read (one older than a column it lacks) is left out, and a record with no
/// current version after that gets its stored row as one, from its last change.
pub async fn backfill(db: &DatabaseConnection) -> AppResult<()> {
    for node in NodeType::RECORDS {
        on_record_type!(
            *node,
            E => backfill_of::<E>(db).await?,
            otherwise => (),
        );
    }
    Ok(())
}

async fn backfill_of<E: Record>(db: &DatabaseConnection) -> AppResult<()>
where
    E::Model: serde::de::DeserializeOwned,
{
    let mut kept = Query::select();
    kept.expr(Expr::val(1)).from(table_of::<E>()).limit(1);
    let mut stored = Query::select();
    stored.expr(Expr::val(1)).from(E::default()).limit(1);
    if db.query_one(&kept).await?.is_some() || db.query_one(&stored).await?.is_none() {
        return Ok(());
    }
    let txn = crate::service::write::begin_write(db).await?;
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::RecordType.eq(E::NODE.name()))
        .order_by_asc(audit_log::Column::CreatedAt)
        .order_by_asc(audit_log::Column::Id);
    let mut pages = entries.paginate(&txn, 1_000);
    let mut unreadable = 0usize;
    while let Some(page) = pages.fetch_and_next().await? {
        // Entries written together (one seed, one import) share their instant.
        for batch in page.chunk_by(|a, b| a.created_at == b.created_at) {
            let mut last: HashMap<Uuid, Option<&str>> = HashMap::new();
            for entry in batch {
                last.insert(entry.record_id, entry.after.as_deref());
            }
            let closed: Vec<Uuid> = last.keys().copied().collect();
            let opened: Vec<E::Model> = last
                .values()
                .filter_map(|after| *after)
                .filter_map(|after| {
                    let model = serde_json::from_str::<E::Model>(after).ok();
                    unreadable += usize::from(model.is_none());
                    model
                })
                .collect();
            close_and_open::<E, _>(&txn, batch[0].created_at, &closed, &opened).await?;
        }
    }
    let added = complete_of::<E, _>(&txn).await?;
    txn.commit().await?;
    tracing::info!(
        record_type = E::NODE.name(),
        added,
        unreadable,
        "versions rebuilt from the audit log"
    );
    Ok(())
}

/// Gives every record without a current version one: rows written past the door
/// (`daleel generate`'s synthetic datasets) get their stored row, from its last change.
pub async fn complete(db: &DatabaseConnection) -> AppResult<u64> {
    let txn = crate::service::write::begin_write(db).await?;
    let mut added = 0;
    for node in NodeType::RECORDS {
        added += on_record_type!(
            *node,
            E => complete_of::<E, _>(&txn).await?,
            otherwise => 0,
        );
    }
    txn.commit().await?;
    Ok(added)
}

/// The records of `E` with no current version get their stored row as one.
async fn complete_of<E: Record, C: ConnectionTrait>(db: &C) -> AppResult<u64> {
    let table = E::default();
    let versions = table_of::<E>();
    let mut current = Query::select();
    current
        .column((versions.clone(), Alias::new("id")))
        .from(versions.clone())
        .and_where(Expr::col((versions.clone(), Alias::new(VALID_TO))).is_null());
    let columns: Vec<Alias> = E::Column::iter().map(|c| Alias::new(c.as_str())).collect();
    let mut rows = Query::select();
    rows.columns(columns.iter().map(|c| (table, c.clone())))
        .expr(Expr::col((table, Alias::new("updated_at"))))
        .from(table)
        .and_where(Expr::col((table, E::id_col())).not_in_subquery(current));
    let mut insert = Query::insert();
    insert
        .into_table(versions)
        .columns(columns.into_iter().chain([Alias::new(VALID_FROM)]))
        .select_from(rows)
        .map_err(AppError::internal)?;
    Ok(db.execute(&insert).await?.rows_affected())
}
