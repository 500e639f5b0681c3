//! Database faults: PostgreSQL stopped under load. Requests fail fast with UNAVAILABLE
//! (no hang, no crash), `/readyz` says so, daleel recovers by itself when the database
//! returns, and no write is left half-stored. Runs on a cluster of the test's own.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use daleel::config::Settings;
use daleel::service::access::Role;
use daleel::startup::Application;
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::pg_cluster::{PgCluster, query_i64};

const READ: &str = "{ facilities(first: 5) { totalCount nodes { id name } } }";
const CREATE: &str =
    "mutation($input: CreateFacilityInput!) { createFacility(input: $input) { id slug } }";
/// How long a request waits for a connection while the database is down.
const ACQUIRE_TIMEOUT: u32 = 2;

/// What one request under load came to.
#[derive(Debug)]
struct Outcome {
    started: Instant,
    took: Duration,
    /// `Ok(())` or the error codes; a request with no answer at all is `Err(["NO ANSWER"])`.
    result: Result<(), Vec<String>>,
    /// The slug a write tried to create.
    slug: Option<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_outage_fails_fast_and_recovers() {
    let Some(mut cluster) = PgCluster::start().await else {
        return;
    };
    cluster.create_database("daleel").await;
    let mut settings = Settings::new(cluster.url("daleel"), "127.0.0.1:0");
    settings.rate_limit_per_address = 0;
    settings.rate_limit_per_key = 0;
    settings.workers = 2;
    settings.db_pool_size = 6;
    settings.db_acquire_timeout = ACQUIRE_TIMEOUT;
    let app = Application::build(settings)
        .await
        .expect("the server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let key = daleel::service::keys::create(app.db(), "faults", Role::Editor)
        .await
        .map_err(|e| e.message())
        .unwrap()
        .secret;
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        // A request that hangs would fail here instead of stalling the test.
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();

    // Arrange: readers and writers keep the server busy throughout.
    let stop = Arc::new(AtomicBool::new(false));
    let outcomes = Arc::new(Mutex::new(Vec::<Outcome>::new()));
    let mut workers = Vec::new();
    for worker in 0..8 {
        let (client, address, key, stop, outcomes) = (
            client.clone(),
            address.clone(),
            key.clone(),
            stop.clone(),
            outcomes.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let writer = worker % 2 == 0;
                let slug = writer.then(|| format!("fault-{worker}-{n}"));
                let body = match &slug {
                    Some(slug) => json!({ "query": CREATE, "variables": { "input": {
                        "slug": slug, "name": format!("Fault test {slug}"),
                        "kind": "MILITARY_PRISON", "status": "DEFUNCT" } } }),
                    None => json!({ "query": READ }),
                };
                let started = Instant::now();
                let mut request = client.post(format!("{address}/graphql")).json(&body);
                if writer {
                    request = request.bearer_auth(&key);
                }
                let result = match request.send().await {
                    Ok(response) => classify(response).await,
                    Err(error) => Err(vec![format!("NO ANSWER: {error}")]),
                };
                outcomes.lock().await.push(Outcome {
                    started,
                    took: started.elapsed(),
                    result,
                    slug,
                });
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;

    // Hold writes mid-transaction for sure: with audit_log locked, each write has
    // inserted its facility row and waits to insert its audit row when the plug is pulled.
    let locker = cluster.connect("daleel").await;
    let lock = locker.begin().await.unwrap();
    lock.execute_unprepared("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let held = query_i64(
        &lock,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = 'daleel' AND wait_event_type = 'Lock'",
    )
    .await;
    assert!(held >= 1, "writes are waiting mid-transaction");

    // Act: pull the plug mid-load.
    let stopping = Instant::now();
    cluster.stop().await;
    let stopped = Instant::now();
    eprintln!(
        "PostgreSQL stopped in {:?}, with {held} writes held mid-transaction",
        stopped - stopping
    );
    drop(lock);
    drop(locker);
    tokio::time::sleep(Duration::from_secs(ACQUIRE_TIMEOUT.into()) * 2).await;
    // The process is alive and says the database is not.
    let health = client
        .get(format!("{address}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let asked = Instant::now();
    let ready = client
        .get(format!("{address}/readyz"))
        .send()
        .await
        .unwrap();
    eprintln!(
        "/readyz answered {} in {:?} during the outage",
        ready.status(),
        asked.elapsed()
    );
    assert_eq!(ready.status(), 503);
    assert_eq!(
        ready.json::<Value>().await.unwrap()["database"],
        "unreachable"
    );

    // The database returns; daleel is ready again without a restart.
    let starting = Instant::now();
    cluster.start_again().await;
    let restarted = Instant::now();
    loop {
        let ready = client
            .get(format!("{address}/readyz"))
            .send()
            .await
            .unwrap();
        if ready.status() == 200 {
            break;
        }
        assert!(
            restarted.elapsed() < Duration::from_secs(15),
            "daleel did not recover"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let ready_at = Instant::now();
    let recovered_ready = ready_at - restarted;
    // Load continues until requests succeed again.
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        worker.await.unwrap();
    }
    let outcomes = std::mem::take(&mut *outcomes.lock().await);

    // Assert: every request answered, with success or UNAVAILABLE, in bounded time: the
    // acquire timeout plus room for a machine shared with the rest of the suite (CI ran
    // this beside 400 other tests on two cores), well under the client's 20 s that marks
    // a hang.
    let limit = Duration::from_secs(u64::from(ACQUIRE_TIMEOUT) + 8);
    for outcome in &outcomes {
        assert!(
            outcome.took < limit,
            "a request took {:?}: {outcome:?}",
            outcome.took
        );
        if let Err(codes) = &outcome.result {
            assert!(
                codes.iter().all(|code| code == "UNAVAILABLE"),
                "a request failed with something other than UNAVAILABLE: {outcome:?}"
            );
        }
    }
    // Requests that began and gave up while the database was surely down (a request
    // still waiting for a connection when it comes back may succeed).
    let wait = Duration::from_secs(ACQUIRE_TIMEOUT.into()) + Duration::from_millis(500);
    let during: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.started > stopped && o.started + wait < starting)
        .collect();
    assert!(!during.is_empty(), "requests were sent during the outage");
    assert!(
        during.iter().all(|o| o.result.is_err()),
        "nothing succeeds while the database is down"
    );
    let failed: Vec<Duration> = outcomes
        .iter()
        .filter(|o| o.result.is_err())
        .map(|o| o.took)
        .collect();
    let after: Vec<&Outcome> = outcomes.iter().filter(|o| o.started > ready_at).collect();
    assert!(
        !after.is_empty() && after.iter().all(|o| o.result.is_ok()),
        "every request succeeds once /readyz is 200 again: {after:?}"
    );
    eprintln!(
        "{} requests ({} during the outage); {} failed with UNAVAILABLE in {:?} at most, {:?} at the median; /readyz was 200 again {:?} after PostgreSQL restarted",
        outcomes.len(),
        during.len(),
        failed.len(),
        failed.iter().max(),
        median(failed.clone()),
        recovered_ready,
    );

    // A write cut off by the outage is stored whole or not at all; an acknowledged one
    // is stored whole.
    let db = cluster.connect("daleel").await;
    let acknowledged: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.result.is_ok())
        .filter_map(|o| o.slug.as_deref())
        .collect();
    let attempted = outcomes.iter().filter(|o| o.slug.is_some()).count();
    let stored = query_i64(
        &db,
        "SELECT count(*) FROM facility WHERE slug LIKE 'fault-%'",
    )
    .await;
    let acknowledged_stored = query_i64(
        &db,
        &format!(
            "SELECT count(*) FROM facility WHERE slug IN ({})",
            acknowledged
                .iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(",")
        ),
    )
    .await;
    assert_eq!(acknowledged_stored as usize, acknowledged.len());
    let without_audit = query_i64(
        &db,
        "SELECT count(*) FROM facility f WHERE f.slug LIKE 'fault-%' AND NOT EXISTS \
         (SELECT 1 FROM audit_log a WHERE a.record_id = f.id AND a.operation = 'create')",
    )
    .await;
    let without_search_keys = query_i64(
        &db,
        "SELECT count(*) FROM facility f WHERE f.slug LIKE 'fault-%' AND NOT EXISTS \
         (SELECT 1 FROM name_key k WHERE k.subject_id = f.id)",
    )
    .await;
    let audit_without_record = query_i64(
        &db,
        "SELECT count(*) FROM audit_log a WHERE a.record_type = 'Facility' AND NOT EXISTS \
         (SELECT 1 FROM facility f WHERE f.id = a.record_id)",
    )
    .await;
    assert_eq!(
        without_audit, 0,
        "a facility was stored without its audit row"
    );
    assert_eq!(
        without_search_keys, 0,
        "a facility was stored without its search keys"
    );
    assert_eq!(
        audit_without_record, 0,
        "an audit row was stored without its facility"
    );
    eprintln!(
        "writes: {attempted} attempted, {} acknowledged and all stored whole; {} stored in all, the rest not at all",
        acknowledged.len(),
        stored
    );
}

/// Success, or the error codes of a request that failed.
async fn classify(response: reqwest::Response) -> Result<(), Vec<String>> {
    let status = response.status().as_u16();
    let Ok(body) = response.json::<Value>().await else {
        return Err(vec![format!("NOT JSON (status {status})")]);
    };
    let errors = body["errors"].as_array().cloned().unwrap_or_default();
    if status == 200 && errors.is_empty() {
        return Ok(());
    }
    if errors.is_empty() {
        return Err(vec![format!("STATUS {status} WITHOUT ERRORS")]);
    }
    if !matches!(status, 200 | 503) {
        return Err(vec![format!("STATUS {status}: {body}")]);
    }
    Err(errors
        .iter()
        .map(|e| {
            e["extensions"]["code"]
                .as_str()
                .unwrap_or("NO CODE")
                .to_owned()
        })
        .collect())
}

fn median(mut durations: Vec<Duration>) -> Option<Duration> {
    durations.sort();
    durations.get(durations.len() / 2).copied()
}
