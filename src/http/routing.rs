//! Which database answers a request: mutations (and everything they read back) go to
//! the primary; queries go to the read replica when there is one, except a writer's own
//! queries shortly after its last mutation, which stay on the primary so that it reads
//! its own writes while the replica catches up.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::http::metrics::OperationKind;
use crate::service::access::Viewer;

/// The primary pool, the replica pool (if any) and who wrote recently.
pub struct Databases {
    pub primary: DatabaseConnection,
    pub replica: Option<DatabaseConnection>,
    /// How long after a key's last mutation its queries stay on the primary.
    read_your_writes: Duration,
    /// When each key last began or finished a mutation. Only keys can write, so this
    /// holds at most one entry per API key, and stale entries are dropped as it grows.
    last_write: Mutex<HashMap<Uuid, Instant>>,
}

impl Databases {
    pub fn new(
        primary: DatabaseConnection,
        replica: Option<DatabaseConnection>,
        read_your_writes: Duration,
    ) -> Databases {
        Databases {
            primary,
            replica,
            read_your_writes,
            last_write: Mutex::new(HashMap::new()),
        }
    }

    /// The pool an operation of `kind` by `viewer` runs on: the replica for queries, the
    /// primary for mutations and subscriptions. A mutation is noted as the viewer's
    /// latest write.
    pub fn for_operation(&self, kind: OperationKind, viewer: Viewer) -> &DatabaseConnection {
        let Some(replica) = &self.replica else {
            return &self.primary;
        };
        if kind == OperationKind::Mutation {
            self.wrote(viewer);
            return &self.primary;
        }
        // A subscription's events come from the primary (LISTEN/NOTIFY there) the moment a
        // write commits; the record it reads back must be read there too, or a replica
        // that has not replayed the write yet would answer null.
        if kind == OperationKind::Subscription {
            return &self.primary;
        }
        if self.wrote_recently(viewer) {
            &self.primary
        } else {
            replica
        }
    }

    /// Notes that `viewer` has just written (called again when a mutation ends, so the
    /// window counts from the commit, not from the start of a long write).
    pub fn wrote(&self, viewer: Viewer) {
        let (Some(key), Some(_)) = (viewer.key, &self.replica) else {
            return;
        };
        let now = Instant::now();
        // A poisoned lock only means another request panicked mid-insert; the map of
        // instants is still usable.
        let mut last_write = self.last_write.lock().unwrap_or_else(|e| e.into_inner());
        if last_write.len() > 1024 {
            last_write.retain(|_, at| now.duration_since(*at) < self.read_your_writes);
        }
        last_write.insert(key, now);
    }

    fn wrote_recently(&self, viewer: Viewer) -> bool {
        let Some(key) = viewer.key else {
            return false;
        };
        let last_write = self.last_write.lock().unwrap_or_else(|e| e.into_inner());
        last_write
            .get(&key)
            .is_some_and(|at| at.elapsed() < self.read_your_writes)
    }
}
