//! One request pipeline for HTTP and WebSocket: the same authentication, rate limits,
//! admission and answers. Each test here failed on the first generation, where the
//! WebSocket path assembled its own requests.

use std::time::Duration;

use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_each};
use crate::node;

const SUBSCRIPTION: &str = "subscription { recordChanged { action id } }";

/// Runs the WebSocket probe: `connection_init` with `key`, then `messages`; every server
/// message, then `closed` or `quiet` (after `quiet_ms` without a message).
async fn probe(app: &TestApp, messages: Value, quiet_ms: u64, key: &str) -> Vec<Value> {
    let url = format!("{}/graphql", app.address.replacen("http", "ws", 1));
    let out = node::run_script(
        "ws-probe.mjs",
        &[&url, &messages.to_string(), &quiet_ms.to_string(), key],
        Duration::from_secs(60),
    )
    .await;
    out.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

async fn node_available() -> bool {
    tokio::task::spawn_blocking(node::ensure_installed)
        .await
        .unwrap()
}

#[tokio::test]
async fn two_authorization_headers_or_a_key_in_the_url_are_refused() {
    for app in spawn_each(|_| {}).await {
        let key = app.key(Role::Analyst).await;
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .header("Authorization", format!("Bearer {key}"))
            .header("Authorization", "Bearer something-else")
            .json(&json!({ "query": "{ persons { totalCount } }" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_REQUEST",
            "{body:#}"
        );
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("one Authorization header")
        );

        for url in [
            format!(
                "{}/graphql?access_token={key}&query={{persons{{totalCount}}}}",
                app.address
            ),
            format!(
                "{}/graphql?query={{persons{{totalCount}}}}&api_key={key}",
                app.address
            ),
        ] {
            let response = app.client.get(&url).send().await.unwrap();
            assert_eq!(response.status(), 400, "{url}");
            let body: Value = response.json().await.unwrap();
            let message = body["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains("Authorization header"), "{message}");
            assert!(
                !message.contains(&key),
                "the key is not echoed back: {message}"
            );
        }
    }
}

#[tokio::test]
async fn a_socket_takes_one_credential_in_connection_init() {
    if !node_available().await {
        return;
    }
    for app in spawn_each(|_| {}).await {
        let key = app.key(Role::Analyst).await;
        // An Authorization header on the upgrade would be silently ignored: refused.
        let response = app
            .client
            .get(format!("{}/graphql", app.address))
            .header("Upgrade", "websocket")
            .header("Connection", "Upgrade")
            .header("Sec-WebSocket-Version", "13")
            .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
            .header("Sec-WebSocket-Protocol", "graphql-transport-ws")
            .header("Authorization", format!("Bearer {key}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        // Two credentials in connection_init: closed, not served with either.
        let url = format!("{}/graphql", app.address.replacen("http", "ws", 1));
        let init = json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {key}"), "Authorization": "Bearer x" } });
        let out = node::run_script(
            "ws-probe.mjs",
            &[&url, &json!([init]).to_string(), "1500", "raw"],
            Duration::from_secs(60),
        )
        .await;
        let closed: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|m| m.get("closed").is_some())
            .collect();
        assert_eq!(closed[0]["closed"]["code"], 4400, "{out}");
    }
}

#[tokio::test]
async fn a_revoked_key_stops_working_on_an_open_socket() {
    if !node_available().await {
        return;
    }
    for app in spawn_each(|_| {}).await {
        let key = app.key(Role::Analyst).await;
        let id = daleel::service::keys::list(&app.db)
            .await
            .unwrap()
            .into_iter()
            .find(|k| k.role == "analyst")
            .unwrap()
            .id;
        let db = app.db.clone();
        // Revoke the key one second into the connection.
        let revoke = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            daleel::service::keys::revoke(&db, id).await.unwrap();
        });
        let messages =
            json!([{ "id": "1", "type": "subscribe", "payload": { "query": SUBSCRIPTION } }]);
        // Quiet for 6 s after the acknowledgement: only a close within 5 s of the revocation
        // comes before it.
        let received = probe(&app, messages, 6000, &key).await;
        revoke.await.unwrap();
        assert_eq!(received[0]["type"], "connection_ack", "{received:#?}");
        let closed = received
            .iter()
            .find_map(|m| m.get("closed"))
            .unwrap_or_else(|| panic!("the socket stayed open: {received:#?}"));
        assert_eq!(closed["code"], 4403, "{received:#?}");
        assert!(received.iter().all(|m| m.get("quiet").is_none()));
    }
}

#[tokio::test]
async fn websocket_operations_are_rate_limited_like_http_ones() {
    if !node_available().await {
        return;
    }
    for app in spawn_each(|s| {
        s.rate_limit_per_key = 60;
        s.rate_limit_burst_per_key = 2;
    })
    .await
    {
        let key = app.key(Role::Analyst).await;
        let query = |id: &str| json!({ "id": id, "type": "subscribe", "payload": { "query": "{ facilities { totalCount } }" } });
        let received = probe(
            &app,
            json!([query("1"), query("2"), query("3"), query("4")]),
            1500,
            &key,
        )
        .await;
        let limited: Vec<&str> = received
            .iter()
            .filter(|m| {
                m["type"] == "error" && m["payload"][0]["extensions"]["code"] == "RATE_LIMITED"
            })
            .map(|m| m["id"].as_str().unwrap())
            .collect();
        assert_eq!(limited, ["3", "4"], "{received:#?}");
        // The ones admitted were answered as over HTTP.
        assert!(
            received.iter().any(|m| m["type"] == "next"
                && m["id"] == "1"
                && m["payload"]["data"]["facilities"]["totalCount"]
                    .as_u64()
                    .is_some()),
            "{received:#?}"
        );
    }
}

#[tokio::test]
async fn bad_keys_on_sockets_spend_the_address_budget() {
    if !node_available().await {
        return;
    }
    // One request a minute after the burst: the three probes (each a Node.js process)
    // can take seconds on a loaded machine, and at a second's refill the budget would
    // be back before the public's request.
    for app in spawn_each(|s| {
        s.rate_limit_per_address = 1;
        s.rate_limit_burst_per_address = 3;
    })
    .await
    {
        for _ in 0..3 {
            let received = probe(&app, json!([]), 500, "dlk_not-a-real-key").await;
            let closed = received.iter().find_map(|m| m.get("closed")).unwrap();
            assert_eq!(closed["code"], 4403, "{received:#?}");
        }
        // The address has spent its budget guessing keys: the public's next request waits.
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .json(&json!({ "query": "{ facilities { totalCount } }" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 429);
    }
}

#[tokio::test]
async fn websocket_answers_come_in_query_order_from_the_same_pipeline() {
    if !node_available().await {
        return;
    }
    for app in spawn_each(|s| s.max_response_bytes = 1024).await {
        let messages = json!([
            { "id": "ordered", "type": "subscribe", "payload": { "query": "{ facilities { nodes { status name slug } } }" } },
            { "id": "large", "type": "subscribe", "payload": { "query": "{ facilityMap persons { nodes { name description } } sources { nodes { title description } } }" } },
        ]);
        let received = probe(&app, messages, 1500, "").await;
        let next = received
            .iter()
            .find(|m| m["type"] == "next" && m["id"] == "ordered")
            .unwrap_or_else(|| panic!("{received:#?}"));
        // serde_json keeps the order it reads (preserve_order): query order, not resolution order.
        let first = next["payload"]["data"]["facilities"]["nodes"][0]
            .as_object()
            .unwrap();
        assert_eq!(first.keys().collect::<Vec<_>>(), ["status", "name", "slug"]);
        let large = received
            .iter()
            .find(|m| m["id"] == "large" && m["type"] == "error")
            .unwrap_or_else(|| panic!("{received:#?}"));
        assert_eq!(
            large["payload"][0]["extensions"]["code"],
            "RESPONSE_TOO_LARGE"
        );
    }
}
