//! The export as NDJSON, written while it is read: one line per record, a page of rows
//! at a time, so that exporting millions of records holds one page in memory, not the
//! dataset (`daleel export --format ndjson`, `GET /api/export.ndjson`). The rows are
//! those of `exchange::export`, in the same order (tables as the table of record types
//! lists them, rows by id), read in one snapshot so that the file is consistent.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DbBackend, IsolationLevel, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde_json::json;
use tokio::sync::mpsc;

use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::records::on_record_type;
use crate::service::access::Viewer;
use crate::service::exchange::{self, VERSION};
use crate::service::records::Kind;

/// The first line's `format`.
pub const FORMAT: &str = "daleel-dataset-ndjson";

/// Rows read per statement.
const PAGE: u64 = 1_000;

/// Lines waiting to be written: the reader waits for a slow writer (or client).
const BUFFER: usize = 4;

/// The first line: what the file is.
fn header() -> String {
    json!({ "format": FORMAT, "version": VERSION }).to_string()
}

/// Sends one table's rows, a page at a time, each page as one chunk of lines.
async fn send_table<E: Kind, C: ConnectionTrait>(
    db: &C,
    viewer: Option<Viewer>,
    lines: &mpsc::Sender<AppResult<String>>,
) -> AppResult<u64> {
    let hidden = exchange::hidden_columns::<E>(viewer);
    let table = E::NODE.table();
    let mut after: Option<uuid::Uuid> = None;
    let mut sent = 0;
    loop {
        let mut select = E::find().order_by_asc(E::id_col()).limit(PAGE);
        if let Some(viewer) = viewer {
            select = select.filter(viewer.can_see((E::default(), E::effective_col())));
        }
        if let Some(last) = after {
            select = select.filter(Expr::col((E::default(), E::id_col())).gt(last));
        }
        let models = select.all(db).await?;
        let Some(last) = models.last() else {
            return Ok(sent);
        };
        after = Some(E::id_of(last));
        let mut chunk = String::new();
        for model in &models {
            let line = json!({ "table": table, "row": exchange::row_of::<E>(model, hidden)? });
            chunk.push_str(&line.to_string());
            chunk.push('\n');
        }
        sent += models.len() as u64;
        if lines.send(Ok(chunk)).await.is_err() {
            // The reader is gone (a client hung up): stop reading.
            return Ok(sent);
        }
        if (models.len() as u64) < PAGE {
            return Ok(sent);
        }
    }
}

/// Reads every record `viewer` may see (all of them, without one) in one snapshot and
/// sends them as NDJSON chunks on `lines`, the header first; an error is sent last, in
/// place of the rest. Returns how many records it sent.
pub async fn produce(
    db: DatabaseConnection,
    viewer: Option<Viewer>,
    lines: mpsc::Sender<AppResult<String>>,
) -> u64 {
    let result = async {
        // One snapshot: on SQLite a read transaction is one (WAL); elsewhere ask for it.
        let txn = match db.get_database_backend() {
            DbBackend::Sqlite => db.begin().await?,
            _ => {
                db.begin_with_config(
                    Some(IsolationLevel::RepeatableRead),
                    Some(AccessMode::ReadOnly),
                )
                .await?
            }
        };
        if lines.send(Ok(header() + "\n")).await.is_err() {
            return Ok(0);
        }
        let mut sent = 0;
        for &node in NodeType::RECORDS {
            sent += on_record_type!(
                node,
                E => send_table::<E, _>(&txn, viewer, &lines).await?,
                otherwise => 0,
            );
        }
        txn.commit().await?;
        Ok::<u64, AppError>(sent)
    }
    .await;
    match result {
        Ok(sent) => sent,
        Err(err) => {
            let _ = lines.send(Err(err)).await;
            0
        }
    }
}

/// A channel for [`produce`], sized so the reader stays a few pages ahead at most.
pub fn channel() -> (
    mpsc::Sender<AppResult<String>>,
    mpsc::Receiver<AppResult<String>>,
) {
    mpsc::channel(BUFFER)
}
