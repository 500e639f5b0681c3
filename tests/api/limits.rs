//! Limits: each abusive request gets a clear error with a code, and the server keeps
//! serving everyone else.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error_code, spawn_app, spawn_app_with};

const HEALTHY: &str = "{ facilities { totalCount } }";

async fn still_serving(app: &TestApp) {
    let data = app.query_ok(HEALTHY, json!({})).await;
    assert!(data["facilities"]["totalCount"].as_u64().unwrap() > 0);
}

async fn post_raw(app: &TestApp, body: Vec<u8>) -> (u16, Value) {
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

fn nested(depth: usize) -> String {
    let mut query = String::from("{ facilities(first: 1) { nodes { ");
    for _ in 0..depth {
        query.push_str("branches(first: 1) { nodes { facilities(first: 1) { nodes { ");
    }
    query.push_str("name");
    for _ in 0..depth {
        query.push_str(" } } } }");
    }
    query.push_str(" } } }");
    query
}

#[tokio::test]
async fn a_query_nested_too_deep_is_refused() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let body = app.post_graphql(&nested(2), json!({})).await;
    assert!(body.get("errors").is_none(), "a modest depth runs: {body}");
    let body = app.post_graphql(&nested(5), json!({})).await;
    assert_eq!(error_code(&body), "QUERY_TOO_DEEP", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("fewer levels")
    );
    still_serving(&app).await;
}

#[tokio::test]
async fn a_query_whose_pages_multiply_past_the_limit_is_refused() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    // Default pages of 100 at four levels: up to 10^8 officers' verdicts' charges.
    let greedy = "{ facilities { nodes { branches { nodes { officers { nodes { verdicts { nodes { charges { nodes { crime } } } } } } } } } } }";
    let body = app.post_graphql(greedy, json!({})).await;
    assert_eq!(error_code(&body), "QUERY_TOO_COMPLEX", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`first`")
    );
    // The same view with pages sized for a dashboard runs.
    let sized = "{ facilities(first: 10) { nodes { branches(first: 5) { nodes { officers(first: 20) { nodes { verdicts(first: 5) { nodes { charges(first: 10) { nodes { crime } } } } } } } } } } }";
    let body = app.post_graphql(sized, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    // Big pages given explicitly weigh what they ask for.
    let explicit = "{ facilities(first: 100) { nodes { branches(first: 100) { nodes { officers(first: 100) { nodes { name } } } } } } }";
    let body = app.post_graphql(explicit, json!({})).await;
    assert_eq!(error_code(&body), "QUERY_TOO_COMPLEX", "{body}");
    still_serving(&app).await;
}

#[tokio::test]
async fn too_many_fields_or_aliases_are_refused_before_anything_runs() {
    let app = spawn_app_with(Backend::Sqlite, |s| s.max_fields = 100)
        .await
        .unwrap();
    let aliases: String = (0..101).map(|i| format!("a{i}: __typename ")).collect();
    let statements = app.statements.get();
    let body = app
        .post_graphql(&format!("{{ {aliases} }}"), json!({}))
        .await;
    assert_eq!(error_code(&body), "QUERY_TOO_LARGE", "{body}");
    assert_eq!(app.statements.get(), statements, "nothing ran");

    // A fragment that doubles at every level: 2^40 fields if expanded.
    let mut bomb = String::from("query { ...F0 }");
    for level in 0..40 {
        bomb.push_str(&format!(
            " fragment F{level} on Query {{ ...F{n} ...F{n} }}",
            n = level + 1
        ));
    }
    bomb.push_str(" fragment F40 on Query { __typename }");
    let started = Instant::now();
    let body = app.post_graphql(&bomb, json!({})).await;
    assert!(
        ["QUERY_TOO_LARGE", "GRAPHQL_VALIDATION_FAILED"].contains(&error_code(&body).as_str()),
        "{body}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "refused without expanding"
    );
    still_serving(&app).await;
}

#[tokio::test]
async fn batches_are_refused_with_a_clear_error() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let batch = json!([{ "query": HEALTHY }, { "query": HEALTHY }]);
    let (status, body) = post_raw(&app, batch.to_string().into_bytes()).await;
    assert_eq!(status, 400);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("batches are not accepted")
    );
    still_serving(&app).await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_unread() {
    let app = spawn_app_with(Backend::Sqlite, |s| s.max_body_bytes = 4096)
        .await
        .unwrap();
    let padding = " ".repeat(8_000);
    let body = json!({ "query": format!("{{ facilities {{ totalCount }} }}{padding}") });
    let (status, answer) = post_raw(&app, body.to_string().into_bytes()).await;
    assert_eq!(status, 413);
    assert_eq!(
        answer["errors"][0]["extensions"]["code"],
        "REQUEST_TOO_LARGE"
    );
    // 100 MB announced and streamed: refused at the limit, the server stays up.
    let huge = vec![b' '; 100 * 1024 * 1024];
    let (status, _) = post_raw(&app, huge).await;
    assert_eq!(status, 413);
    still_serving(&app).await;
}

#[tokio::test]
async fn introspection_can_be_switched_off() {
    let query = "{ __schema { queryType { name } } }";
    let open = spawn_app(Backend::Sqlite).await.unwrap();
    assert_eq!(
        open.query_ok(query, json!({})).await["__schema"]["queryType"]["name"],
        "Query"
    );
    let closed = spawn_app_with(Backend::Sqlite, |s| s.disable_introspection = true)
        .await
        .unwrap();
    let body = closed.post_graphql(query, json!({})).await;
    assert_eq!(error_code(&body), "INTROSPECTION_DISABLED", "{body}");
    assert!(body.get("data").is_none(), "{body}");
    let fragment = "{ ...F } fragment F on Query { __type(name: \"Facility\") { name } }";
    let body = closed.post_graphql(fragment, json!({})).await;
    assert_eq!(error_code(&body), "INTROSPECTION_DISABLED", "{body}");
    // `__typename` is not introspection.
    closed.query_ok("{ __typename }", json!({})).await;
    still_serving(&closed).await;
}

/// A request stuck behind a lock is stopped at the request timeout with `TIMEOUT`;
/// on PostgreSQL the database cancels the statement too.
async fn a_slow_request_is_stopped_at_the_timeout(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |s| s.request_timeout = 1).await else {
        return;
    };
    let lock = app.db.begin().await.unwrap();
    let sql = match backend {
        Backend::Postgres => "LOCK TABLE facility IN ACCESS EXCLUSIVE MODE",
        _ => "SELECT * FROM facility FOR UPDATE",
    };
    lock.execute_unprepared(sql).await.unwrap();
    if backend == Backend::Mysql {
        // Readers are not blocked by row locks in MariaDB; block them on the table.
        lock.execute_unprepared("LOCK TABLES facility WRITE")
            .await
            .unwrap();
    }
    let started = Instant::now();
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": "{ facilities { nodes { name } } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "TIMEOUT", "{body}");
    assert!(started.elapsed() < Duration::from_secs(10));
    if backend == Backend::Postgres {
        // The database gave up on the statement itself: nothing of ours still waits.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let waiting = app
            .db
            .query_one_raw(Statement::from_string(
                app.db.get_database_backend(),
                "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        assert_eq!(
            waiting, 0,
            "the statement was cancelled by statement_timeout"
        );
    }
    if backend == Backend::Mysql {
        lock.execute_unprepared("UNLOCK TABLES").await.unwrap();
    }
    lock.rollback().await.unwrap();
    still_serving(&app).await;
}

#[tokio::test]
async fn postgres_timeouts() {
    a_slow_request_is_stopped_at_the_timeout(Backend::Postgres).await;
}

#[tokio::test]
async fn mysql_timeouts() {
    a_slow_request_is_stopped_at_the_timeout(Backend::Mysql).await;
}
