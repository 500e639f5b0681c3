//! Connecting, migrating and counting statements.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

use crate::config::Settings;

/// Counts every SQL statement the server runs (tests assert on it; /metrics will show it).
#[derive(Debug, Default, Clone)]
pub struct StatementCounter(Arc<AtomicU64>);

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Opens the connection pool described by `settings`.
pub async fn connect(
    settings: &Settings,
    counter: &StatementCounter,
) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(settings.database_url.expose());
    let statement_timeout_ms = u64::from(settings.request_timeout) * 1000;
    options
        .max_connections(settings.db_pool_size)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        // Statements may carry personal data in their parameters: never log them.
        .sqlx_logging(false)
        .map_sqlx_postgres_opts(move |opts| {
            // The database stops a statement that outlives the request timeout itself,
            // so a runaway query cannot hold a connection after its request gave up.
            opts.options([("statement_timeout", format!("{statement_timeout_ms}"))])
        })
        .map_sqlx_sqlite_opts(|opts| {
            // WAL lets readers run while a write is in progress; foreign keys are off
            // by default in SQLite and must be on for the schema's guarantees.
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
        });
    let mut db = Database::connect(options).await?;
    let counter = counter.0.clone();
    db.set_metric_callback(move |_info| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    Ok(db)
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Whether the database answers (for `/readyz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}
