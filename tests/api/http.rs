//! HTTP surface: GET queries, the playground, health and readiness, request ids.

use serde_json::{Value, json};

use crate::helpers::TestApp;

async fn queries_work_over_get(app: TestApp) {
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[
            (
                "query",
                "query($t: String) { facilities(filter: { text: $t }) { totalCount } }",
            ),
            ("variables", r#"{"t": "sednaya"}"#),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "data": { "facilities": { "totalCount": 1 } } })
    );
}

async fn browsers_get_the_playground_with_the_example_query(app: TestApp) {
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.text().await.unwrap();
    assert!(
        page.contains("GraphiQL") && page.contains("officers"),
        "{page}"
    );
    assert!(!page.contains("__EXAMPLE_QUERY__"));
}

async fn health_and_readiness(app: TestApp) {
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert!(health.headers().contains_key("x-request-id"));
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.json::<Value>().await.unwrap()["database"], "ok");
}

async fn readiness_fails_when_the_database_is_gone(app: TestApp) {
    app.db.clone().close().await.unwrap();
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 503);
    // A query now fails with a code a client can act on, and no internals.
    let body = app
        .post_graphql("{ facilities { totalCount } }", json!({}))
        .await;
    let error = &body["errors"][0];
    assert!(
        ["UNAVAILABLE", "INTERNAL"].contains(&error["extensions"]["code"].as_str().unwrap()),
        "{body:#}"
    );
    let text = body.to_string();
    for leak in ["SELECT", "sqlx", "pool", "DbErr", "facility\\\""] {
        assert!(!text.contains(leak), "{leak} leaked: {text}");
    }
    // The process itself is still alive and says so.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

async fn response_fields_come_in_query_order(app: TestApp) {
    // Fields resolve concurrently; the answer must still list them as the query does.
    let query = "{ verdicts { nodes { outcome trial { name } charges { totalCount } date { edtf } when: date { latest } } } }";
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    let first_verdict = &text[..text.find("}},{").unwrap_or(text.len())];
    let positions: Vec<usize> = [
        "\"outcome\"",
        "\"trial\"",
        "\"charges\"",
        "\"date\"",
        "\"when\"",
    ]
    .iter()
    .map(|key| {
        first_verdict
            .find(key)
            .unwrap_or_else(|| panic!("{key} missing in {text}"))
    })
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first_verdict}");
}

crate::backend_tests!(
    response_fields_come_in_query_order,
    queries_work_over_get,
    browsers_get_the_playground_with_the_example_query,
    health_and_readiness,
    readiness_fails_when_the_database_is_gone,
);
