//! The short soak run: 64 clients mixing reads and writes for a few seconds; every
//! acknowledged write must be stored as acknowledged and nothing may fail. The long run
//! is `cargo bench --bench soak` (figures in BENCHMARKS.md).

#[path = "../support/soak.rs"]
mod load;

use std::time::Duration;

use daleel::service::access::Role;

use crate::helpers::{Backend, spawn_app_with};

async fn soak(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |s| {
        s.workers = 2;
        s.db_pool_size = 10;
    })
    .await
    else {
        return;
    };
    let editor_key = app.key(Role::Editor).await;
    let report = load::run(&load::Soak {
        address: app.address.clone(),
        editor_key,
        clients: 64,
        duration: Duration::from_secs(5),
    })
    .await;
    report.print(&format!("soak on {backend:?}, 64 clients, 5 s"));
    assert_eq!(report.errors, 0, "{:?}", report.first_errors);
    assert!(
        report.lost_or_wrong.is_empty(),
        "{:#?}",
        report.lost_or_wrong
    );
    assert!(
        report.writes_acknowledged > 10,
        "the load wrote: {report:?}"
    );
    assert!(report.reads > 10, "the load read: {report:?}");
    assert!(report.records_checked > 5);
}

#[tokio::test]
async fn a_short_soak_on_postgres_loses_nothing() {
    soak(Backend::Postgres).await;
}

#[tokio::test]
async fn a_short_soak_on_sqlite_loses_nothing() {
    soak(Backend::Sqlite).await;
}
