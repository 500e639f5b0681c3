//! Operations: CORS, response compression and the Prometheus metrics.

use std::io::Read;

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_app, spawn_app_with};

const DASHBOARD: &str = "https://dashboard.example.org";

async fn preflight(app: &TestApp, origin: &str) -> reqwest::Response {
    app.client
        .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.address))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, authorization",
        )
        .send()
        .await
        .unwrap()
}

async fn cross_origin_post(app: &TestApp, origin: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/graphql", app.address))
        .header("origin", origin)
        .json(&json!({ "query": "{ facilities { totalCount } }" }))
        .send()
        .await
        .unwrap()
}

fn has_cors_headers(response: &reqwest::Response) -> bool {
    response
        .headers()
        .keys()
        .any(|name| name.as_str().starts_with("access-control-allow-"))
}

#[tokio::test]
async fn cors_is_closed_by_default() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let answer = preflight(&app, DASHBOARD).await;
    assert!(!has_cors_headers(&answer), "{:?}", answer.headers());
    let post = cross_origin_post(&app, DASHBOARD).await;
    assert!(!has_cors_headers(&post), "{:?}", post.headers());
}

#[tokio::test]
async fn cors_allows_the_configured_origins_without_credentials() {
    let app = spawn_app_with(Backend::Sqlite, |s| {
        s.cors_origins = vec![DASHBOARD.into(), "http://localhost:3000".into()];
    })
    .await
    .unwrap();

    let answer = preflight(&app, DASHBOARD).await;
    assert_eq!(answer.status(), 200);
    let headers = answer.headers();
    assert_eq!(headers["access-control-allow-origin"], DASHBOARD);
    let methods = headers["access-control-allow-methods"].to_str().unwrap();
    assert!(
        methods.contains("POST") && methods.contains("GET"),
        "{methods}"
    );
    let allowed = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        allowed.contains("content-type") && allowed.contains("authorization"),
        "{allowed}"
    );
    assert_eq!(headers["access-control-max-age"], "3600");
    assert!(!headers.contains_key("access-control-allow-credentials"));

    let post = cross_origin_post(&app, DASHBOARD).await;
    assert_eq!(post.headers()["access-control-allow-origin"], DASHBOARD);
    assert!(
        !post
            .headers()
            .contains_key("access-control-allow-credentials")
    );
    let body: Value = post.json().await.unwrap();
    assert!(
        body["data"]["facilities"]["totalCount"].is_u64(),
        "{body:#}"
    );

    // Another origin learns nothing: no allow headers on either request.
    let other = preflight(&app, "https://evil.example.com").await;
    assert!(!has_cors_headers(&other), "{:?}", other.headers());
    let other_post = cross_origin_post(&app, "https://evil.example.com").await;
    assert!(!has_cors_headers(&other_post), "{:?}", other_post.headers());
}

#[tokio::test]
async fn cors_wildcard_never_comes_with_credentials() {
    let app = spawn_app_with(Backend::Sqlite, |s| s.cors_origins = vec!["*".into()])
        .await
        .unwrap();
    let answer = preflight(&app, "https://anyone.example.net").await;
    assert_eq!(answer.headers()["access-control-allow-origin"], "*");
    assert!(
        !answer
            .headers()
            .contains_key("access-control-allow-credentials")
    );
}

#[tokio::test]
async fn start_up_refuses_a_malformed_cors_origin() {
    let mut settings = daleel::config::Settings::new("sqlite::memory:", "127.0.0.1:0");
    settings.cors_origins = vec!["dashboard.example.org/app".into()];
    let Err(err) = daleel::startup::Application::build(settings).await else {
        panic!("the server started with a malformed origin");
    };
    assert!(err.to_string().contains("scheme://host"), "{err}");
}

/// The playground's example (the README's nested view): several kilobytes of JSON.
const LARGE_QUERY: &str = daleel::http::playground::EXAMPLE_QUERY;

async fn post_with_encoding(
    app: &TestApp,
    query: &str,
    encoding: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": query }));
    if let Some(encoding) = encoding {
        request = request.header("accept-encoding", encoding);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn large_responses_are_gzipped_when_the_client_accepts_it() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let plain = post_with_encoding(&app, LARGE_QUERY, None).await;
    assert!(!plain.headers().contains_key("content-encoding"));
    let plain_body = plain.bytes().await.unwrap();
    assert!(
        plain_body.len() > 1024,
        "the query must answer more than 1 KiB"
    );

    let gzipped = post_with_encoding(&app, LARGE_QUERY, Some("gzip")).await;
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    let compressed = gzipped.bytes().await.unwrap();
    assert!(compressed.len() < plain_body.len());
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .read_to_end(&mut decoded)
        .unwrap();
    let decoded: Value = serde_json::from_slice(&decoded).unwrap();
    assert!(decoded.get("errors").is_none(), "{decoded:#}");
    assert_eq!(
        decoded,
        serde_json::from_slice::<Value>(&plain_body).unwrap()
    );
}

#[tokio::test]
async fn small_responses_are_not_compressed() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let response = post_with_encoding(&app, "{ facilities { totalCount } }", Some("gzip")).await;
    assert!(!response.headers().contains_key("content-encoding"));
    let body: Value = response.json().await.unwrap();
    assert!(
        body["data"]["facilities"]["totalCount"].is_u64(),
        "{body:#}"
    );
}

/// The value of the sample `series` (name and labels, exactly as exposed).
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("{series} missing in\n{text}"))
        .parse()
        .unwrap()
}

async fn scrape(app: &TestApp) -> String {
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    assert!(text.ends_with("# EOF\n"), "{text}");
    text
}

async fn metrics_show_sql_statements_pool_use_and_http_responses(app: TestApp) {
    let before = scrape(&app).await;
    // spawn_app gives every test server a pool of 4.
    assert_eq!(sample(&before, "daleel_db_pool_max_connections"), 4.0);
    let idle = sample(&before, "daleel_db_pool_connections{state=\"idle\"}");
    let in_use = sample(&before, "daleel_db_pool_connections{state=\"in_use\"}");
    assert!((1.0..=4.0).contains(&(idle + in_use)), "{before}");
    assert_eq!(sample(&before, "daleel_live_subscriptions"), 0.0);
    let statements = sample(&before, "daleel_sql_statements_total");

    app.query_ok("{ facilities { nodes { name } } }", json!({}))
        .await;
    assert_eq!(app.get("/nowhere").await.status(), 404);

    let after = scrape(&app).await;
    assert!(
        sample(&after, "daleel_sql_statements_total") > statements,
        "{after}"
    );
    // The first scrape, the query and this scrape's own request are 2xx by now.
    assert!(
        sample(&after, "daleel_http_responses_total{class=\"2xx\"}") >= 2.0,
        "{after}"
    );
    assert_eq!(
        sample(&after, "daleel_http_responses_total{class=\"4xx\"}"),
        1.0
    );
    // Operation series exist from the start (the GraphQL handler feeds them).
    for kind in ["query", "mutation", "subscription"] {
        sample(
            &after,
            &format!("daleel_graphql_requests_total{{operation=\"{kind}\"}}"),
        );
        sample(
            &after,
            &format!("daleel_graphql_request_duration_seconds_count{{operation=\"{kind}\"}}"),
        );
    }
}

async fn metrics_count_operations_by_kind_and_errors_by_code(app: TestApp) {
    let before = scrape(&app).await;
    let queries = sample(
        &before,
        "daleel_graphql_requests_total{operation=\"query\"}",
    );
    let mutations = sample(
        &before,
        "daleel_graphql_requests_total{operation=\"mutation\"}",
    );
    let timed = sample(
        &before,
        "daleel_graphql_request_duration_seconds_count{operation=\"query\"}",
    );
    let editor = app.key(daleel::service::access::Role::Editor).await;

    app.query_ok("{ facilities { totalCount } }", json!({}))
        .await;
    app.query_ok("{ persons { totalCount } }", json!({})).await;
    let body = app.post_graphql("{ facilities { nope } }", json!({})).await;
    assert!(body["errors"].is_array());
    // A mutation that fails still counts as a mutation, and its error by code.
    let nobody = daleel::ids::encode_id(daleel::ids::NodeType::Facility, uuid::Uuid::nil());
    let (status, body) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            "mutation($id: ID!) { archiveRecord(id: $id) { __typename } }",
            json!({ "id": nobody }),
        )
        .await;
    assert_eq!(status, 200);
    let code = body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    // A bad key is refused before any operation runs.
    let (status, _) = app
        .post_graphql_with("Bearer nope", "{ __typename }", json!({}))
        .await;
    assert_eq!(status, 401);

    let after = scrape(&app).await;
    assert_eq!(
        sample(&after, "daleel_graphql_requests_total{operation=\"query\"}") - queries,
        3.0,
        "{after}"
    );
    assert_eq!(
        sample(
            &after,
            "daleel_graphql_request_duration_seconds_count{operation=\"query\"}"
        ) - timed,
        3.0
    );
    assert!(
        sample(
            &after,
            "daleel_graphql_errors_total{code=\"GRAPHQL_VALIDATION_FAILED\"}"
        ) >= 1.0,
        "{after}"
    );
    assert_eq!(
        sample(
            &after,
            "daleel_graphql_requests_total{operation=\"mutation\"}"
        ) - mutations,
        1.0
    );
    assert!(
        sample(
            &after,
            &format!("daleel_graphql_errors_total{{code=\"{code}\"}}")
        ) >= 1.0,
        "{after}"
    );
    assert!(
        sample(
            &after,
            "daleel_graphql_errors_total{code=\"UNAUTHENTICATED\"}"
        ) >= 1.0,
        "{after}"
    );
}

crate::backend_tests!(
    metrics_show_sql_statements_pool_use_and_http_responses,
    metrics_count_operations_by_kind_and_errors_by_code,
);

#[tokio::test]
async fn every_response_carries_security_headers() {
    let app = crate::helpers::spawn_app(crate::helpers::Backend::Sqlite)
        .await
        .unwrap();
    for response in [
        post_with_encoding(&app, "{ facilities { totalCount } }", None).await,
        app.get("/healthz").await,
        app.get("/nowhere").await,
    ] {
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert_eq!(
            headers["content-security-policy"],
            "default-src 'none'; frame-ancestors 'none'"
        );
    }
    // The playground runs only its own inline script (by hash) and its assets.
    let page = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    let script_src = policy
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(script_src.contains("'sha256-"), "{policy}");
    assert!(!script_src.contains("unsafe"), "{policy}");
    assert!(policy.contains("connect-src 'self'"), "{policy}");
}
