//! Change events for live updates: which record was created, updated, archived or
//! restored, published only after the write's transaction has committed.
//!
//! How events leave the database depends on the backend:
//!
//! - **PostgreSQL**: `audit()` runs `pg_notify` inside the write's own transaction.
//!   PostgreSQL delivers a notification only when (and if) that transaction commits, to
//!   every listening session, so every daleel process over the same database hears every
//!   committed write and no rolled-back one. Each process holds one `LISTEN` connection.
//! - **SQLite and MariaDB** have no notifications. The audit log is the record of
//!   committed writes (it is written in the write's transaction), so a process polls it
//!   while anyone is subscribed. Uncommitted rows are invisible to the poll, so rolled-back
//!   writes never produce an event; other processes over the same database are seen too.
//!
//! Either way events fan out in-process through one bounded broadcast channel: a
//! subscriber that falls more than `CAPACITY` events behind is told it lagged instead of
//! making the buffer grow.

use std::collections::HashMap;
use std::sync::{Arc, Weak};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, broadcast};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::service::access::Viewer;
use crate::service::visibility::Level;

/// The PostgreSQL notification channel every daleel process listens on.
const CHANNEL: &str = "daleel_changes";
/// Events buffered per process; a subscriber further behind than this has lagged.
pub const CAPACITY: usize = 1024;
/// How often the audit log is polled (SQLite, MariaDB) while anyone is subscribed.
const POLL_EVERY: Duration = Duration::from_millis(200);
/// Audit rows read per poll statement on SQLite; the poll continues while batches are full.
const POLL_BATCH: u64 = 500;
/// On MariaDB concurrent writes can commit out of `created_at` order, so each poll
/// looks this far behind the newest row it has seen (and skips rows already sent).
const MARIADB_LOOKBACK: chrono::TimeDelta = chrono::TimeDelta::seconds(10);

/// What a committed write did to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Created,
    Updated,
    Archived,
    Restored,
}

impl ChangeAction {
    /// The action of an audit entry; an import creates or updates.
    pub fn of_audit(operation: &str, created: bool) -> Option<ChangeAction> {
        match operation {
            "create" => Some(ChangeAction::Created),
            "update" => Some(ChangeAction::Updated),
            "archive" => Some(ChangeAction::Archived),
            "restore" => Some(ChangeAction::Restored),
            "import" | "seed" if created => Some(ChangeAction::Created),
            "import" | "seed" => Some(ChangeAction::Updated),
            _ => None,
        }
    }
}

/// One committed change: ids, type, action and version only, never the record's content
/// (which may be personal data; subscribers load the record with their own rights).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub action: ChangeAction,
    pub node: NodeType,
    pub id: Uuid,
    /// The version the write produced.
    pub version: i32,
    /// For an archive: the level the record was visible at before (the news that it was
    /// archived goes only to those who could see it).
    pub was: Option<Level>,
}

/// The NOTIFY payload: a few dozen bytes, far below PostgreSQL's 8000-byte limit.
#[derive(Serialize, Deserialize)]
struct Wire {
    action: ChangeAction,
    #[serde(rename = "type")]
    node: String,
    id: Uuid,
    version: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    was: Option<String>,
}

impl Change {
    fn to_payload(self) -> AppResult<String> {
        serde_json::to_string(&Wire {
            action: self.action,
            node: self.node.name().to_owned(),
            id: self.id,
            version: self.version,
            was: self.was.map(|l| l.as_db().to_owned()),
        })
        .map_err(AppError::internal)
    }

    fn from_payload(payload: &str) -> Option<Change> {
        let wire: Wire = serde_json::from_str(payload).ok()?;
        Some(Change {
            action: wire.action,
            node: node_type_named(&wire.node)?,
            id: wire.id,
            version: wire.version,
            was: wire.was.as_deref().map(Level::parse),
        })
    }

    /// The change an audit entry records, from its operation and JSON images.
    pub fn of_audit(
        operation: &str,
        node: NodeType,
        id: Uuid,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Option<Change> {
        let action = ChangeAction::of_audit(operation, before.is_none())?;
        Some(Change {
            action,
            node,
            id,
            version: version_in(after),
            was: (action == ChangeAction::Archived).then(|| level_in(before)),
        })
    }
}

fn node_type_named(name: &str) -> Option<NodeType> {
    NodeType::from_name(name)
}

/// The effective visibility of a record serialized as JSON (hidden when it has none).
pub fn level_in(json: Option<&str>) -> Level {
    #[derive(Deserialize)]
    struct Leveled {
        effective_visibility: Option<String>,
    }
    json.and_then(|json| serde_json::from_str::<Leveled>(json).ok())
        .and_then(|v| v.effective_visibility)
        .map_or(Level::Hidden, |level| Level::parse(&level))
}

/// The `version` field of a record serialized as JSON (0 when it has none).
pub fn version_in(json: Option<&str>) -> i32 {
    #[derive(Deserialize)]
    struct Versioned {
        version: Option<i32>,
    }
    json.and_then(|json| serde_json::from_str::<Versioned>(json).ok())
        .and_then(|v| v.version)
        .unwrap_or(0)
}

/// Announces `change` from inside the write's transaction. On PostgreSQL the
/// notification is held until commit and dropped on rollback; elsewhere the audit row
/// written in the same transaction is the announcement, so there is nothing to do.
pub async fn announce<C: ConnectionTrait>(db: &C, change: Change) -> AppResult<()> {
    announce_all(db, &[change]).await
}

/// Announces several changes, in as few statements as PostgreSQL's bind limits allow.
pub async fn announce_all<C: ConnectionTrait>(db: &C, changes: &[Change]) -> AppResult<()> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for chunk in changes.chunks(200) {
        let calls: Vec<String> = (0..chunk.len())
            .map(|i| format!("pg_notify($1, ${})", i + 2))
            .collect();
        let mut values: Vec<sea_orm::Value> = vec![CHANNEL.into()];
        for change in chunk {
            values.push(change.to_payload()?.into());
        }
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!("SELECT {}", calls.join(", ")),
            values,
        ))
        .await?;
    }
    Ok(())
}

/// The process's source of change events; cheap to clone.
#[derive(Clone)]
pub struct ChangeHub {
    sender: broadcast::Sender<Change>,
    poller: Option<Arc<Poller>>,
}

impl ChangeHub {
    /// Starts listening (PostgreSQL) or prepares polling (SQLite, MariaDB) on `db`.
    /// On PostgreSQL the `LISTEN` is in place when this returns.
    pub async fn start(db: &DatabaseConnection) -> Result<ChangeHub, DbErr> {
        let (sender, _) = broadcast::channel(CAPACITY);
        let poller = match db.get_database_backend() {
            DbBackend::Postgres => {
                // A pool of one of its own, with the server's connect options: the
                // listener never takes a connection from the request pool (a pool of one
                // would otherwise starve every request), and it reconnects through it.
                let options = db.get_postgres_connection_pool().connect_options();
                let pool = sea_orm::sqlx::postgres::PgPoolOptions::new()
                    .max_connections(1)
                    .max_lifetime(None)
                    .idle_timeout(None)
                    .connect_lazy_with((*options).clone());
                let mut listener = sea_orm::sqlx::postgres::PgListener::connect_with(&pool)
                    .await
                    .map_err(|e| DbErr::Custom(format!("cannot listen for changes: {e}")))?;
                listener
                    .listen(CHANNEL)
                    .await
                    .map_err(|e| DbErr::Custom(format!("cannot listen for changes: {e}")))?;
                tokio::spawn(listen(listener, sender.clone()));
                None
            }
            backend => {
                let poller = Arc::new(Poller {
                    db: db.clone(),
                    backend,
                    cursor: Mutex::new(None),
                });
                tokio::spawn(poll(Arc::downgrade(&poller), sender.clone()));
                Some(poller)
            }
        };
        Ok(ChangeHub { sender, poller })
    }

    /// A receiver of every change committed from now on.
    pub async fn subscribe(&self) -> AppResult<broadcast::Receiver<Change>> {
        match &self.poller {
            // The starting point is fixed and the receiver made under the poller's lock,
            // so nothing committed after this call is missed and nothing before it sent.
            Some(poller) => {
                let mut cursor = poller.cursor.lock().await;
                if cursor.is_none() {
                    *cursor = Some(poller.start_cursor().await?);
                }
                Ok(self.sender.subscribe())
            }
            None => Ok(self.sender.subscribe()),
        }
    }

    /// How many subscriptions are receiving changes in this process.
    pub fn subscribers(&self) -> usize {
        self.sender.receiver_count()
    }
}

/// Forwards PostgreSQL notifications to the broadcast channel for the life of the process.
async fn listen(
    mut listener: sea_orm::sqlx::postgres::PgListener,
    sender: broadcast::Sender<Change>,
) {
    let mut backoff = Duration::from_millis(100);
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => {
                backoff = Duration::from_millis(100);
                match Change::from_payload(notification.payload()) {
                    // No receivers is not an error: nobody is subscribed right now.
                    Some(change) => drop(sender.send(change)),
                    None => tracing::warn!("ignored a malformed change notification"),
                }
            }
            // The connection was lost and has been re-established (with its LISTEN);
            // what was committed in between is lost, as notifications are transient.
            Ok(None) => tracing::warn!("the change listener reconnected; events may be lost"),
            Err(err) => {
                tracing::error!(error = %err, "the change listener failed; retrying");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
        }
    }
}

/// Reads committed audit entries for SQLite and MariaDB.
struct Poller {
    db: DatabaseConnection,
    backend: DbBackend,
    /// Where the next poll starts; `None` while nobody is subscribed.
    cursor: Mutex<Option<Cursor>>,
}

enum Cursor {
    /// SQLite: the last `rowid` sent. Writers are serialized and a new row's rowid is
    /// one more than the largest, so committed rows appear in rowid order.
    Row(i64),
    /// MariaDB: the newest `created_at` sent, and the entries sent within the lookback.
    Time {
        newest: DateTime<Utc>,
        sent: HashMap<Uuid, DateTime<Utc>>,
    },
}

/// One audit entry as the poll reads it.
struct Entry {
    row: i64,
    id: Uuid,
    created_at: DateTime<Utc>,
    change: Option<Change>,
}

async fn poll(poller: Weak<Poller>, sender: broadcast::Sender<Change>) {
    let mut tick = tokio::time::interval(POLL_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(poller) = poller.upgrade() else {
            return;
        };
        let mut cursor = poller.cursor.lock().await;
        if sender.receiver_count() == 0 {
            // Nobody listens: forget the position, so the next subscriber starts "now"
            // rather than receiving what was written while nobody was subscribed.
            *cursor = None;
            continue;
        }
        let Some(position) = cursor.as_mut() else {
            continue;
        };
        if let Err(err) = poller.poll_once(position, &sender).await {
            tracing::error!(error = ?err, "polling the audit log for changes failed");
        }
    }
}

impl Poller {
    async fn start_cursor(&self) -> AppResult<Cursor> {
        Ok(match self.backend {
            DbBackend::Sqlite => {
                let row = self
                    .db
                    .query_one_raw(Statement::from_string(
                        DbBackend::Sqlite,
                        "SELECT COALESCE(MAX(rowid), 0) AS seq FROM audit_log",
                    ))
                    .await?;
                Cursor::Row(match row {
                    Some(row) => row.try_get::<i64>("", "seq")?,
                    None => 0,
                })
            }
            // Entries already within the lookback were committed before this
            // subscription: mark them sent so the first poll does not replay them.
            _ => {
                let newest = Utc::now();
                let recent = self
                    .entries(
                        Expr::col(Alias::new("created_at")).gt(newest - MARIADB_LOOKBACK),
                        false,
                    )
                    .await?;
                Cursor::Time {
                    newest,
                    sent: recent.into_iter().map(|e| (e.id, e.created_at)).collect(),
                }
            }
        })
    }

    async fn poll_once(
        &self,
        cursor: &mut Cursor,
        sender: &broadcast::Sender<Change>,
    ) -> AppResult<()> {
        match cursor {
            Cursor::Row(last) => loop {
                let entries = self.entries(Expr::cust("rowid").gt(*last), true).await?;
                for entry in &entries {
                    *last = entry.row;
                    if let Some(change) = entry.change {
                        drop(sender.send(change));
                    }
                }
                if (entries.len() as u64) < POLL_BATCH {
                    return Ok(());
                }
            },
            Cursor::Time { newest, sent } => {
                let since = *newest - MARIADB_LOOKBACK;
                let entries = self
                    .entries(Expr::col(Alias::new("created_at")).gt(since), false)
                    .await?;
                for entry in entries {
                    if sent.insert(entry.id, entry.created_at).is_some() {
                        continue;
                    }
                    *newest = Ord::max(*newest, entry.created_at);
                    if let Some(change) = entry.change {
                        drop(sender.send(change));
                    }
                }
                let horizon = *newest - MARIADB_LOOKBACK;
                sent.retain(|_, at| *at > horizon);
                Ok(())
            }
        }
    }

    /// Audit entries matching `condition`, oldest first.
    async fn entries(&self, condition: Expr, by_row: bool) -> AppResult<Vec<Entry>> {
        let mut select = Query::select();
        select
            .expr_as(
                if by_row {
                    Expr::cust("rowid")
                } else {
                    Expr::val(0i64)
                },
                Alias::new("seq"),
            )
            .columns(
                [
                    "id",
                    "created_at",
                    "operation",
                    "record_type",
                    "record_id",
                    "before",
                    "after",
                ]
                .map(Alias::new),
            )
            .from(Alias::new("audit_log"))
            .and_where(condition);
        if by_row {
            select.order_by_expr(Expr::cust("rowid"), sea_orm::Order::Asc);
            select.limit(POLL_BATCH);
        } else {
            select.order_by(Alias::new("created_at"), sea_orm::Order::Asc);
        }
        let rows = self.db.query_all(&select).await?;
        rows.into_iter()
            .map(|row| {
                let operation: String = row.try_get("", "operation")?;
                let record_type: String = row.try_get("", "record_type")?;
                let before: Option<String> = row.try_get("", "before")?;
                let after: Option<String> = row.try_get("", "after")?;
                let change = match node_type_named(&record_type) {
                    Some(node) => Change::of_audit(
                        &operation,
                        node,
                        row.try_get("", "record_id")?,
                        before.as_deref(),
                        after.as_deref(),
                    ),
                    None => None,
                };
                Ok(Entry {
                    row: row.try_get("", "seq")?,
                    id: row.try_get("", "id")?,
                    created_at: row.try_get("", "created_at")?,
                    change,
                })
            })
            .collect()
    }
}

/// Whether `viewer` may see the record a change is about, by the same rule as every read
/// (`Viewer::can_see`). An archived record is gone from reads, but the news that it was
/// archived goes to those who could see it just before.
pub async fn visible_to(
    db: &DatabaseConnection,
    viewer: Viewer,
    change: &Change,
) -> AppResult<bool> {
    if let Some(was) = change.was {
        return Ok(viewer.may_see(was));
    }
    let table = Alias::new(change.node.table());
    let mut select = Query::select();
    select
        .expr(Expr::val(1i64))
        .from(table.clone())
        .and_where(Expr::col((table.clone(), Alias::new("id"))).eq(change.id))
        .cond_where(viewer.can_see((table, Alias::new("effective_visibility"))));
    Ok(db.query_one(&select).await?.is_some())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn the_notify_payload_carries_ids_only_and_round_trips() {
        let change = Change {
            action: ChangeAction::Archived,
            node: NodeType::FacilityOperation,
            id: Uuid::new_v4(),
            version: 12,
            was: Some(Level::Restricted),
        };
        let payload = change.to_payload().unwrap();
        assert!(
            payload.len() < 200,
            "far below NOTIFY's 8000 bytes: {payload}"
        );
        assert_eq!(Change::from_payload(&payload), Some(change));
        assert_eq!(Change::from_payload("{\"action\":\"created\"}"), None);
    }

    #[test]
    fn imports_create_or_update_and_versions_come_from_the_record() {
        assert_eq!(
            ChangeAction::of_audit("import", true),
            Some(ChangeAction::Created)
        );
        assert_eq!(
            ChangeAction::of_audit("import", false),
            Some(ChangeAction::Updated)
        );
        assert_eq!(ChangeAction::of_audit("delete", false), None);
        assert_eq!(version_in(Some(r#"{"name":"x","version":4}"#)), 4);
        assert_eq!(version_in(None), 0);
        let archived = Change::of_audit(
            "archive",
            NodeType::Person,
            Uuid::nil(),
            Some(r#"{"effective_visibility":"restricted","version":1}"#),
            Some(r#"{"effective_visibility":"hidden","version":2}"#),
        )
        .unwrap();
        assert_eq!(archived.was, Some(Level::Restricted));
        assert_eq!(archived.version, 2);
    }
}
