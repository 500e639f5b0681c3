//! Cost that matches the answer: every field that can return many records weighs what it
//! may return, so a small request cannot ask for an enormous answer; and an answer has a
//! byte limit of its own.

use serde_json::json;

use crate::helpers::{TestApp, spawn_each};

/// `count` aliases of `field`, as one query.
fn aliases(count: usize, field: &str) -> String {
    let fields: String = (0..count).map(|i| format!("a{i}: {field} ")).collect();
    format!("{{ {fields} }}")
}

/// The error code of a request's answer, and the SQL statements it ran.
async fn refused(app: &TestApp, query: &str) -> (String, u64) {
    let before = app.statements.get();
    let body = app.post_graphql(query, json!({})).await;
    let code = body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("{body:#}"))
        .to_owned();
    assert!(body.get("data").is_none_or(|d| d.is_null()), "{body:#}");
    (code, app.statements.get() - before)
}

#[tokio::test]
async fn three_hundred_maps_are_refused_before_the_database() {
    for app in spawn_each(|_| {}).await {
        // The review's attack: 6 KB of query, 51 MB of answer at scale M.
        let (code, statements) = refused(&app, &aliases(300, "facilityMap")).await;
        assert_eq!(code, "QUERY_TOO_COMPLEX");
        assert_eq!(statements, 0, "refused before touching the database");
        // A few maps still fit in one request.
        let data = app.query_ok(&aliases(4, "facilityMap"), json!({})).await;
        assert_eq!(data["a3"]["type"], "FeatureCollection");
    }
}

#[tokio::test]
async fn counts_and_cited_records_weigh_what_they_may_return() {
    for app in spawn_each(|_| {}).await {
        // 250 of them select 500 fields, under the field limit; their weight is what refuses them.
        let (code, statements) =
            refused(&app, &aliases(250, "postingCounts(by: BRANCH) { key }")).await;
        assert_eq!((code.as_str(), statements), ("QUERY_TOO_COMPLEX", 0));
        // `citedBy` was not weighted at all: a page of records under each of a page of sources.
        let query = "{ sources(first: 100) { nodes { a: citedBy(first: 100) { totalCount } b: citedBy(first: 100) { totalCount } c: citedBy(first: 100) { totalCount } d: citedBy(first: 100) { totalCount } e: citedBy(first: 100) { totalCount } } } }";
        let (code, statements) = refused(&app, query).await;
        assert_eq!((code.as_str(), statements), ("QUERY_TOO_COMPLEX", 0));
        // What a dashboard asks for is fine.
        let data = app
        .query_ok(
            "{ postingCounts(by: ROLE) { key count } sources(first: 5) { nodes { citedBy(first: 10) { totalCount } } } }",
            json!({}),
        )
        .await;
        assert!(!data["postingCounts"].as_array().unwrap().is_empty());
    }
}

#[tokio::test]
async fn an_answer_over_the_byte_limit_is_refused_with_its_own_code() {
    for app in spawn_each(|s| s.max_response_bytes = 1024).await {
        let body = app
        .post_graphql(
            "{ facilityMap persons { nodes { name description } } sources { nodes { title description } } }",
            json!({}),
        )
        .await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "RESPONSE_TOO_LARGE",
            "{body:#}"
        );
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("1024"), "{message}");
        // Small answers are as before, and the server stays up.
        let data = app
            .query_ok("{ facilities { totalCount } }", json!({}))
            .await;
        assert!(data["facilities"]["totalCount"].as_u64().unwrap() > 0);
    }
}
