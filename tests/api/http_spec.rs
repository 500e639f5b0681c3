//! GraphQL over HTTP: the `graphql-http` audit suite against a live server, and the
//! negotiation, status codes and refusals a client relies on.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::node;

const QUERY: &str = "{ facilities { totalCount } }";

/// The SHOULD audits the API documentation says daleel does not pass, by audit id.
fn should_failures_documented() -> BTreeSet<String> {
    let docs = include_str!("../../docs/api.md");
    let section = docs
        .split("<!-- graphql-http-should-failures -->")
        .nth(1)
        .expect("docs/api.md lists the SHOULD audits that fail");
    let section = section
        .split("<!-- /graphql-http-should-failures -->")
        .next()
        .unwrap();
    section
        .lines()
        .filter_map(|line| line.trim().strip_prefix("- `"))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_owned)
        .collect()
}

async fn the_graphql_http_audit_passes(app: TestApp) {
    if !node::ensure_installed() {
        return;
    }
    let url = format!("{}/graphql", app.address);
    let out = node::run_script("http-audit.mjs", &[&url], Duration::from_secs(120)).await;
    let results: Vec<Value> = out
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(results.len() > 40, "the audit ran: {out}");
    let failed_musts: Vec<&Value> = results.iter().filter(|r| r["status"] == "error").collect();
    assert!(
        failed_musts.is_empty(),
        "MUST audits fail: {failed_musts:#?}"
    );
    let failed_shoulds: BTreeSet<String> = results
        .iter()
        .filter(|r| r["status"] == "warn")
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        failed_shoulds,
        should_failures_documented(),
        "docs/api.md must list exactly the SHOULD audits that fail: {results:#?}"
    );
}

async fn post(app: &TestApp, accept: Option<&str>, body: Value) -> reqwest::Response {
    let mut request = app.client.post(format!("{}/graphql", app.address));
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    request.json(&body).send().await.unwrap()
}

fn content_type(response: &reqwest::Response) -> String {
    response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned()
}

async fn the_answer_follows_the_accept_header(app: TestApp) {
    const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
    let response = post(&app, Some(GRAPHQL_RESPONSE), json!({ "query": QUERY })).await;
    assert_eq!(response.status(), 200);
    assert!(content_type(&response).starts_with(GRAPHQL_RESPONSE));
    let response = post(&app, Some("application/json"), json!({ "query": QUERY })).await;
    assert!(content_type(&response).starts_with("application/json"));
    let response = post(&app, None, json!({ "query": QUERY })).await;
    assert!(content_type(&response).starts_with("application/json"));
    let response = post(&app, Some("text/plain"), json!({ "query": QUERY })).await;
    assert_eq!(response.status(), 406);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_ACCEPTABLE");
}

async fn request_errors_are_400_only_for_graphql_response_json(app: TestApp) {
    for (query, code) in [
        ("{ facilities { ", "GRAPHQL_PARSE_FAILED"),
        ("{ facilities { nope } }", "GRAPHQL_VALIDATION_FAILED"),
    ] {
        let strict = post(
            &app,
            Some("application/graphql-response+json"),
            json!({ "query": query }),
        )
        .await;
        assert_eq!(strict.status(), 400, "{query}");
        let body: Value = strict.json().await.unwrap();
        assert!(body.get("data").is_none(), "no data entry: {body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], code);

        let legacy = post(&app, Some("application/json"), json!({ "query": query })).await;
        assert_eq!(legacy.status(), 200, "{query}");
        let body: Value = legacy.json().await.unwrap();
        assert!(body.get("data").is_none(), "no data entry: {body}");
    }
    // A variable of the wrong type is a request error too.
    let strict = post(
        &app,
        Some("application/graphql-response+json"),
        json!({ "query": "query($n: Int) { facilities(first: $n) { totalCount } }", "variables": { "n": "ten" } }),
    )
    .await;
    assert_eq!(strict.status(), 400);
    // A field error inside a valid request keeps its data and a 200.
    let partial = post(
        &app,
        Some("application/graphql-response+json"),
        json!({ "query": "{ facilities(first: 100000) { totalCount } }" }),
    )
    .await;
    assert_eq!(partial.status(), 200);
    let body: Value = partial.json().await.unwrap();
    assert!(body.get("data").is_some(), "{body}");
}

async fn malformed_requests_say_what_to_send(app: TestApp) {
    let url = format!("{}/graphql", app.address);
    let no_type = app.client.post(&url).body(r#"{"query":"{ __typename }"}"#);
    let response = no_type.send().await.unwrap();
    assert_eq!(response.status(), 415);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("application/json")
    );
    let wrong_params = post(&app, None, json!({ "query": QUERY, "variables": "[]" })).await;
    assert_eq!(wrong_params.status(), 400);
    let body: Value = wrong_params.json().await.unwrap();
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`variables`")
    );
    let no_query = post(&app, None, json!({ "variables": {} })).await;
    assert_eq!(no_query.status(), 400);
    let mutation_over_get = app
        .client
        .get(&url)
        .query(&[(
            "query",
            "mutation { archiveRecord(id: \"x\") { __typename } }",
        )])
        .send()
        .await
        .unwrap();
    assert_eq!(mutation_over_get.status(), 405);
    assert_eq!(mutation_over_get.headers()["allow"], "POST");
}

crate::backend_tests!(the_graphql_http_audit_passes);

mod sqlite_only {
    use super::*;
    use crate::helpers::{Backend, spawn_app};

    #[tokio::test]
    async fn negotiation() {
        the_answer_follows_the_accept_header(spawn_app(Backend::Sqlite).await.unwrap()).await;
    }

    #[tokio::test]
    async fn request_errors() {
        request_errors_are_400_only_for_graphql_response_json(
            spawn_app(Backend::Sqlite).await.unwrap(),
        )
        .await;
    }

    #[tokio::test]
    async fn malformed() {
        malformed_requests_say_what_to_send(spawn_app(Backend::Sqlite).await.unwrap()).await;
    }
}
