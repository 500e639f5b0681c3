//! The binary as an operator runs it: starts on an empty SQLite file with the built-in
//! data, and stops cleanly on SIGTERM.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[tokio::test]
async fn the_binary_serves_the_built_in_data_and_stops_on_sigterm() {
    let dir = std::env::temp_dir().join(format!("daleel-life-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    // No --database-url: the default `daleel.db` is created in the working directory.
    let (mut command, base) = crate::helpers::serve_command(&["--workers", "1"]);
    let mut child = command.current_dir(&dir).spawn().unwrap();
    let client = reqwest::Client::new();
    crate::helpers::wait_until_up(&client, &base, "/readyz").await;
    let body: Value = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": "{ trials { nodes { name } } }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        body["data"]["trials"]["nodes"][0]["name"]
            .as_str()
            .unwrap()
            .contains("Koblenz"),
        "{body}"
    );
    assert!(
        dir.join("daleel.db").exists(),
        "the default database file is created"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let stopping = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopping.elapsed() < Duration::from_secs(40),
            "the server did not stop on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let _ = std::fs::remove_dir_all(&dir);
    assert!(status.success(), "exit status {status}");
}
