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

/// Opens the connection pool of the primary database, `settings.database_url`.
pub async fn connect(
    settings: &Settings,
    counter: &StatementCounter,
) -> Result<DatabaseConnection, DbErr> {
    connect_to(settings.database_url.expose(), settings, counter).await
}

/// Opens the pool of the read replica, when `--read-database-url` names one.
pub async fn connect_read(
    settings: &Settings,
    counter: &StatementCounter,
) -> Result<Option<DatabaseConnection>, DbErr> {
    match &settings.read_database_url {
        Some(url) => Ok(Some(connect_to(url.expose(), settings, counter).await?)),
        None => Ok(None),
    }
}

async fn connect_to(
    url: &str,
    settings: &Settings,
    counter: &StatementCounter,
) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url);
    // Half a second past the request timeout: the request's own timeout answers first
    // (TIMEOUT, 503) instead of racing the database's cancellation.
    let statement_timeout_ms = u64::from(settings.request_timeout) * 1000 + 500;
    options
        .max_connections(settings.db_pool_size)
        .min_connections(1)
        // While the database is down, a request waits this long for a connection and
        // then fails with UNAVAILABLE; sea-orm uses one timeout for both.
        .connect_timeout(Duration::from_secs(settings.db_acquire_timeout.into()))
        .acquire_timeout(Duration::from_secs(settings.db_acquire_timeout.into()))
        // A pooled connection may have been cut by a database restart: check it before
        // use, so a recovered database is used again without restarting daleel.
        .test_before_acquire(true)
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
    db.set_metric_callback(move |info| {
        counter.fetch_add(1, Ordering::Relaxed);
        // Timing only: a statement's text and values may carry personal data. The line
        // carries the request id of the span it ran in (loader batches keep theirs).
        tracing::debug!(
            target: "daleel::sql",
            elapsed_us = u64::try_from(info.elapsed.as_micros()).unwrap_or(u64::MAX),
            failed = info.failed,
            "statement"
        );
        crate::telemetry::statement(info);
    });
    Ok(db)
}

/// Applies every pending migration, then derives what a migration could not: the
/// effective visibility of rows that have none yet (a database from before it existed),
/// with the search index and posting tally that follow it, the full-text index of a
/// database from before it existed, the inner bounds of periods stored before them, and
/// the versions of records written before versions were kept.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await?;
    let backfill = async {
        if crate::service::visibility::needs_refresh(db).await? {
            let txn = crate::service::write::begin_write(db).await?;
            // With the levels, what follows them (the search keys, the posting tally,
            // which its migration counted before the levels existed).
            let changed = crate::service::check::rederive(&txn).await?;
            txn.commit().await?;
            tracing::info!(changed, "effective visibility derived for existing records");
        }
        let txn = crate::service::write::begin_write(db).await?;
        if crate::service::text_index::build_if_missing(&txn).await? {
            tracing::info!("full-text index built for existing records");
        }
        let filled = crate::service::period_bounds::backfill(&txn).await?;
        if filled > 0 {
            tracing::info!(filled, "inner bounds filled for periods stored before them");
        }
        txn.commit().await?;
        crate::service::versions::backfill(db).await?;
        Ok::<(), crate::error::AppError>(())
    };
    backfill.await.map_err(|e| {
        tracing::error!(error = ?e, "deriving visibility failed");
        DbErr::Custom(format!("deriving visibility failed: {}", e.message()))
    })
}

/// Whether the database answers (for `/readyz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}
