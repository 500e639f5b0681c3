//! Runs a query in-process through daleel's schema on a connection that records every
//! SQL statement it sends: the statement count per request, and the statements the
//! SQL floor replays.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_graphql::{Request, Variables};
use daleel::config::Settings;
use daleel::graphql::context::RequestState;
use daleel::graphql::loaders::data_loader;
use daleel::service::access::Viewer;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::Value;

/// The statements one request runs, in the order they were sent. It runs on a
/// current-thread runtime, as requests do in the server (each actix worker is one): on
/// a multi-thread runtime a loader's batch can start on another thread before every
/// key of its level has been asked for, and the count would be the runtime's, not ours.
pub async fn statements(database_url: &str, query: &str, variables: Value) -> Vec<Statement> {
    let (url, query) = (database_url.to_owned(), query.to_owned());
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(statements_here(&url, &query, variables))
    })
    .join()
    .expect("capture thread")
}

async fn statements_here(database_url: &str, query: &str, variables: Value) -> Vec<Statement> {
    let seen: Arc<Mutex<Vec<Statement>>> = Arc::default();
    let recording = Arc::new(AtomicBool::new(false));
    let started: Arc<Mutex<Instant>> = Arc::new(Mutex::new(Instant::now()));
    let mut db = Database::connect(database_url).await.expect("connect");
    let (sink, on, since) = (seen.clone(), recording.clone(), started.clone());
    let dump = std::env::var("DALEEL_BENCH_DUMP").is_ok();
    db.set_metric_callback(move |info| {
        if !on.load(Ordering::Relaxed) {
            return;
        }
        if dump {
            let started = *since.lock().expect("start time");
            // When each statement finished and how long it ran: batches of one level
            // that split show up as the same statement twice, a wave apart.
            let sql = &info.statement.sql;
            let values = info.statement.values.as_ref().map_or(0, |v| v.0.len());
            println!(
                "    {:>8.2} ms {:>7.2} ms {values:>5} values  {}",
                started.elapsed().as_secs_f64() * 1000.0,
                info.elapsed.as_secs_f64() * 1000.0,
                sql.chars().take(150).collect::<String>()
            );
        }
        if let Ok(mut seen) = sink.lock() {
            seen.push(info.statement.clone());
        }
    });
    let mut settings = Settings::new(database_url, "127.0.0.1:0");
    settings.max_complexity = 1_000_000_000;
    let schema = daleel::graphql::build_schema(&settings);
    // Run twice, recording the second: the first opens the pool's connections and
    // prepares the statements, as a server's first requests do, so the second shows
    // the timeline a running server has.
    for record in [false, true] {
        let request = Request::new(query)
            .variables(Variables::from_json(variables.clone()))
            .data(data_loader(db.clone(), Viewer::PUBLIC))
            .data(RequestState {
                db: db.clone(),
                viewer: Viewer::PUBLIC,
                max_page_size: 100,
                language: Default::default(),
            });
        *started.lock().expect("start time") = Instant::now();
        recording.store(record, Ordering::Relaxed);
        let response = schema.execute(request).await;
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        if dump && record {
            let started = *started.lock().expect("start time");
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            println!("    {ms:>8.2} ms  answered");
        }
    }
    db.close().await.ok();
    seen.lock().expect("statements").clone()
}

/// A pool for the floor: the statements as a client would send them, with no check of
/// the connection before each (daleel's pool checks one on every acquire, but a check
/// is not a statement, and the floor is charged only for its statements).
pub async fn floor_connection(database_url: &str) -> DatabaseConnection {
    let mut options = ConnectOptions::new(database_url);
    options.test_before_acquire(false).sqlx_logging(false);
    Database::connect(options).await.expect("connect")
}

/// How many rows `statements` return together: the distinct records a request reads
/// (a record two parents share is read once per level).
pub async fn rows(db: &DatabaseConnection, statements: &[Statement]) -> usize {
    let mut rows = 0;
    for statement in statements {
        rows += db
            .query_all_raw(statement.clone())
            .await
            .expect("rows")
            .len();
    }
    rows
}

/// Time to execute `statements` one after another on `db` (the floor: no GraphQL,
/// no HTTP, no JSON, only the database round trips and row decoding).
pub async fn replay(db: &DatabaseConnection, statements: &[Statement]) -> Duration {
    let started = Instant::now();
    for statement in statements {
        db.query_all_raw(statement.clone()).await.expect("replay");
    }
    started.elapsed()
}
