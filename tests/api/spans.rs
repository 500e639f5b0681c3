//! Spans follow the work: a request's loader batches run on tasks of their own and their
//! statements on the offload threads, and every log line they write still carries the
//! request's id, so one slow request can be followed through its batches.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::spawn_each;

const NESTED: &str = "{ facilities(first: 5) { nodes { name branches(first: 5) { nodes { name officers(first: 5) { nodes { name verdicts(first: 5) { nodes { charges(first: 10) { nodes { crime } } citations { quote } } } } } } } } } }";

#[tokio::test]
async fn every_loader_and_sql_line_of_a_request_carries_its_request_id() {
    // Each backend's database, seeded by a test server; the binary serves it with logs on.
    for app in spawn_each(|_| {}).await {
        lines_carry_the_request_id(app.database_url()).await;
    }
}

async fn lines_carry_the_request_id(database_url: &str) {
    let (mut command, base) = crate::helpers::serve_command(&[
        "--log-format",
        "json",
        "--log",
        "daleel=debug,info",
        "--rate-limit-per-address",
        "0",
        "--no-seed",
        "--database-url",
        database_url,
    ]);
    let mut child = command.stderr(Stdio::piped()).spawn().unwrap();
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let stderr = child.stderr.take().unwrap();
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    let client = reqwest::Client::new();
    crate::helpers::wait_until_up(&client, &base, "/healthz").await;
    let before = lines.lock().unwrap().len();
    let response = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": NESTED }))
        .send()
        .await
        .unwrap();
    let request_id = response
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body:#}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = child.kill();
    let _ = child.wait();

    let lines = lines.lock().unwrap();
    let of_request: Vec<Value> = lines[before..]
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| matches!(line["message"].as_str(), Some("statement" | "loader batch")))
        .collect();
    let batches = of_request
        .iter()
        .filter(|l| l["message"] == "loader batch")
        .count();
    let statements = of_request
        .iter()
        .filter(|l| l["message"] == "statement")
        .count();
    assert!(
        batches >= 5 && statements >= 5,
        "{batches} batches, {statements} statements: {of_request:#?}"
    );
    for line in &of_request {
        assert!(
            line.to_string().contains(&request_id),
            "a line of the request without its id {request_id}: {line}"
        );
    }
    // And none of them carries SQL or a value.
    assert!(of_request.iter().all(|l| !l.to_string().contains("SELECT")));
}
