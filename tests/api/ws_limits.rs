//! WebSocket operations pass the same gate as HTTP ones (trusted documents, field
//! limit) and one connection runs a bounded number of operations and message sizes.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::node;

const SUBSCRIPTION: &str = "subscription { recordChanged { action id } }";

/// Sends `messages` after the handshake and returns every server message.
async fn probe(app: &TestApp, messages: Value) -> Vec<Value> {
    let url = format!("{}/graphql", app.address.replacen("http", "ws", 1));
    let out = node::run_script(
        "ws-probe.mjs",
        &[&url, &messages.to_string(), "1500"],
        Duration::from_secs(60),
    )
    .await;
    out.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn errors(messages: &[Value]) -> Vec<(&str, &str)> {
    messages
        .iter()
        .filter(|m| m["type"] == "error")
        .map(|m| {
            (
                m["id"].as_str().unwrap(),
                m["payload"][0]["extensions"]["code"].as_str().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn one_connection_runs_a_bounded_number_of_operations() {
    if !tokio::task::spawn_blocking(node::ensure_installed)
        .await
        .unwrap()
    {
        return;
    }
    let app = spawn_app_with(Backend::Sqlite, |s| s.max_ws_operations = 3)
        .await
        .unwrap();
    let subscribe =
        |id: &str| json!({ "id": id, "type": "subscribe", "payload": { "query": SUBSCRIPTION } });
    let messages = json!([
        subscribe("1"),
        subscribe("2"),
        subscribe("3"),
        subscribe("4"),
        { "id": "2", "type": "complete" },
        subscribe("5"),
    ]);
    let received = probe(&app, messages).await;
    assert_eq!(
        errors(&received),
        vec![("4", "TOO_MANY_OPERATIONS")],
        "{received:#?}"
    );
    assert!(
        received.iter().any(|m| m["quiet"] == true),
        "the connection stayed open"
    );
}

#[tokio::test]
async fn websocket_operations_pass_the_same_gate_as_http() {
    if !tokio::task::spawn_blocking(node::ensure_installed)
        .await
        .unwrap()
    {
        return;
    }
    let trusted = "{ facilities { totalCount } }";
    let path = std::env::temp_dir().join(format!(
        "daleel-ws-trusted-{}.json",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::write(&path, json!({ "count": trusted }).to_string()).unwrap();
    let app = spawn_app_with(Backend::Sqlite, |s| {
        s.trusted_documents = Some(path.clone());
        s.max_fields = 10;
    })
    .await
    .unwrap();
    let aliases: String = (0..11).map(|i| format!("a{i}: __typename ")).collect();
    let messages = json!([
        { "id": "listed", "type": "subscribe", "payload": { "documentId": "count" } },
        { "id": "unlisted", "type": "subscribe", "payload": { "query": SUBSCRIPTION } },
        { "id": "wide", "type": "subscribe", "payload": { "query": format!("{{ {aliases} }}") } },
    ]);
    let received = probe(&app, messages).await;
    let next = received
        .iter()
        .find(|m| m["type"] == "next" && m["id"] == "listed")
        .unwrap_or_else(|| panic!("{received:#?}"));
    assert!(
        next["payload"]["data"]["facilities"]["totalCount"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert_eq!(
        errors(&received),
        vec![
            ("unlisted", "UNTRUSTED_DOCUMENT"),
            ("wide", "UNTRUSTED_DOCUMENT")
        ],
        "{received:#?}"
    );
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn a_message_over_the_size_limit_closes_the_connection() {
    if !tokio::task::spawn_blocking(node::ensure_installed)
        .await
        .unwrap()
    {
        return;
    }
    let app = spawn_app_with(Backend::Sqlite, |s| s.max_body_bytes = 4096)
        .await
        .unwrap();
    let padding = " ".repeat(10_000);
    let messages = json!([
        { "id": "big", "type": "subscribe", "payload": { "query": format!("{SUBSCRIPTION}{padding}") } },
    ]);
    let received = probe(&app, messages).await;
    let closed = received
        .iter()
        .find(|m| m.get("closed").is_some())
        .unwrap_or_else(|| panic!("{received:#?}"));
    assert_ne!(closed["closed"]["code"], 1000, "{closed}");
    // The server itself is fine.
    app.query_ok("{ facilities { totalCount } }", json!({}))
        .await;
}
