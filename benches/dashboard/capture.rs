//! Runs a query in-process through daleel's schema on a connection that records every
//! SQL statement it sends: the statement count per request, and the statements the
//! SQL floor replays.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_graphql::{Request, Variables};
use daleel::config::Settings;
use daleel::graphql::context::RequestState;
use daleel::graphql::loaders::data_loader;
use daleel::service::access::Viewer;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
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
    let mut db = Database::connect(database_url).await.expect("connect");
    let sink = seen.clone();
    let dump = std::env::var("DALEEL_BENCH_DUMP").is_ok();
    let started = Instant::now();
    db.set_metric_callback(move |info| {
        if dump {
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
    let request = Request::new(query)
        .variables(Variables::from_json(variables))
        .data(data_loader(db.clone(), Viewer::PUBLIC))
        .data(RequestState {
            db: db.clone(),
            viewer: Viewer::PUBLIC,
            max_page_size: 100,
        });
    let response = schema.execute(request).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    db.close().await.ok();
    seen.lock().expect("statements").clone()
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
