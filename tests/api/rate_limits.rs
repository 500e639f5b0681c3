//! Rate limits: a client over its bucket gets 429 with `Retry-After` while others are
//! served; keys and addresses have their own buckets; bad keys count against the address.

use daleel::service::access::Role;
use serde_json::json;

use crate::helpers::{Backend, TestApp, spawn_app_with};

const QUERY: &str = "{ facilities { totalCount } }";

async fn status_of(app: &TestApp, authorization: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": QUERY }));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    request.send().await.unwrap()
}

async fn limited_app() -> TestApp {
    spawn_app_with(Backend::Sqlite, |s| {
        s.rate_limit_per_address = 60;
        s.rate_limit_burst_per_address = 5;
        s.rate_limit_per_key = 60;
        s.rate_limit_burst_per_key = 10;
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn an_address_over_its_burst_gets_429_with_retry_after() {
    let app = limited_app().await;
    for _ in 0..5 {
        assert_eq!(status_of(&app, None).await.status(), 200);
    }
    let limited = status_of(&app, None).await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    let body: serde_json::Value = limited.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("retry after")
    );

    // A key has its own bucket, so the dashboard behind it is still served.
    let key = app.key(Role::Analyst).await;
    for _ in 0..10 {
        assert_eq!(
            status_of(&app, Some(&format!("Bearer {key}")))
                .await
                .status(),
            200
        );
    }
    assert_eq!(
        status_of(&app, Some(&format!("Bearer {key}")))
            .await
            .status(),
        429
    );
    // After the wait the address is served again: one token per second.
    tokio::time::sleep(std::time::Duration::from_secs(retry_after)).await;
    assert_eq!(status_of(&app, None).await.status(), 200);
}

#[tokio::test]
async fn guessing_keys_spends_the_address_budget() {
    let app = limited_app().await;
    for attempt in 0..5 {
        let response = status_of(&app, Some(&format!("Bearer guess-{attempt}"))).await;
        assert_eq!(response.status(), 401);
    }
    let response = status_of(&app, Some("Bearer guess-6")).await;
    assert_eq!(
        response.status(),
        429,
        "the sixth guess is not even checked"
    );
    assert!(response.headers().contains_key("retry-after"));
}

/// Reading captured content spends the same budget, and so does guessing keys there.
#[tokio::test]
async fn evidence_reads_and_key_guesses_there_are_charged() {
    let app = limited_app().await;
    let source = daleel::ids::encode_id(
        daleel::ids::NodeType::Source,
        daleel::seed::seed_id("source", "snhr-statement-2022-01-13"),
    );
    let captures = app
        .query_ok(
            r#"query($id: ID!) { node(id: $id) { ... on Source { captures { nodes { contentUrl } } } } }"#,
            json!({ "id": source }),
        )
        .await;
    let path = captures["node"]["captures"]["nodes"][0]["contentUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let get = |authorization: Option<&'static str>| {
        let mut request = app.client.get(format!("{}{path}", app.address));
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        request.send()
    };
    // The query above took one token of five.
    for _ in 0..2 {
        assert_eq!(get(None).await.unwrap().status(), 200);
    }
    for _ in 0..2 {
        assert_eq!(get(Some("Bearer guess")).await.unwrap().status(), 401);
    }
    let limited = get(None).await.unwrap();
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}
