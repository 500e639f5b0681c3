//! Export and import: ids survive, an import is all or nothing, and importing twice
//! changes nothing.

use std::process::Command;

use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app_with};

const IMPORT: &str = "mutation($d: JSON!) { importDataset(dataset: $d) }";

async fn exported(app: &TestApp) -> Value {
    let dataset = daleel::service::exchange::export(&app.db, None)
        .await
        .map_err(|e| e.message())
        .unwrap();
    serde_json::to_value(dataset).unwrap()
}

async fn empty_twin(app: &TestApp) -> TestApp {
    spawn_app_with(app.backend, |s| s.no_seed = true)
        .await
        .unwrap()
}

async fn export_import_export_gives_the_same_file(app: TestApp) {
    let first = exported(&app).await;
    let twin = empty_twin(&app).await;
    let admin = twin.key(Role::Admin).await;
    assert_eq!(
        twin.query_ok("{ facilities { totalCount } }", json!({}))
            .await["facilities"]["totalCount"],
        0
    );

    let report =
        twin.query_as(&admin, IMPORT, json!({ "d": first })).await["importDataset"].clone();
    let created: u64 = report["created"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    let rows: usize = first["tables"]
        .as_object()
        .unwrap()
        .values()
        .map(|t| t.as_array().unwrap().len())
        .sum();
    assert_eq!(created as usize, rows, "{report:#}");

    let second = exported(&twin).await;
    assert_eq!(
        serde_json::to_string_pretty(&first).unwrap(),
        serde_json::to_string_pretty(&second).unwrap()
    );

    // The same ids answer on both instances, and search works on the imported names.
    let id = daleel::ids::encode_id(
        daleel::ids::NodeType::Facility,
        daleel::seed::seed_id("facility", "al-khatib-prison"),
    );
    // The import indexes the texts as it writes them: full-text search finds the same.
    let query = r#"query($id: ID!) { facility(id: $id) { name } search(query: "الخطيب") { totalCount }
        text: textSearch(query: "salt rooms") { totalCount nodes { field lang snippet record { id } } } }"#;
    let original = app.query_ok(query, json!({ "id": id })).await;
    assert!(
        original["text"]["totalCount"].as_u64().unwrap() >= 2,
        "{original:#}"
    );
    assert_eq!(twin.query_ok(query, json!({ "id": id })).await, original);

    // Importing again creates and updates nothing.
    let again = twin.query_as(&admin, IMPORT, json!({ "d": first })).await["importDataset"].clone();
    assert_eq!(again["created"], json!({}));
    assert_eq!(again["updated"], json!({}));
    assert_eq!(again["unchanged"].as_u64().unwrap() as usize, rows);
}

async fn a_bad_record_fails_the_whole_import_and_says_where(app: TestApp) {
    let twin = empty_twin(&app).await;
    let admin = twin.key(Role::Admin).await;
    let good = exported(&app).await;
    let facility_id = good["tables"]["facility"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut bad_date = good.clone();
    bad_date["tables"]["facility"][0]["closed"] = json!("2024-13");
    let mut dangling = good.clone();
    dangling["tables"]["posting"][0]["branch_id"] = json!(uuid::Uuid::new_v4().to_string());
    let mut bad_visibility = good.clone();
    bad_visibility["tables"]["person"][0]["visibility"] = json!("secret");
    let mut missing_field = good.clone();
    missing_field["tables"]["facility"][0]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let mut wrong_version = good.clone();
    wrong_version["version"] = json!(99);

    for (dataset, expected) in [
        (bad_date, vec!["facility", facility_id.as_str(), "closed"]),
        (dangling, vec!["posting", "branch_id"]),
        (bad_visibility, vec!["person", "visibility"]),
        (missing_field, vec!["facility", "name"]),
        (wrong_version, vec!["version 99"]),
    ] {
        let (_, body) = twin
            .post_graphql_with(&format!("Bearer {admin}"), IMPORT, json!({ "d": dataset }))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        for word in expected {
            assert!(message.contains(word), "{word} in {message}");
        }
    }
    let counts = twin
        .query_as(
            &admin,
            "{ facilities { totalCount } persons { totalCount } auditLog { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        counts,
        json!({ "facilities": { "totalCount": 0 }, "persons": { "totalCount": 0 }, "auditLog": { "totalCount": 0 } })
    );

    // Only admins import.
    let editor = twin.key(Role::Editor).await;
    let (_, body) = twin
        .post_graphql_with(&format!("Bearer {editor}"), IMPORT, json!({ "d": good }))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");
}

#[test]
fn the_export_and_import_commands_round_trip() {
    let dir =
        std::env::temp_dir().join(format!("daleel-exchange-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let daleel = |args: &[&str], db: &str| {
        let url = format!("sqlite://{}?mode=rwc", dir.join(db).display());
        let out = Command::new(env!("CARGO_BIN_EXE_daleel"))
            .args(args)
            .args(["--database-url", &url])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let (first, second) = (dir.join("first.json"), dir.join("second.json"));
    daleel(&["seed"], "a.db");
    daleel(&["export", "--out", first.to_str().unwrap()], "a.db");
    let report = daleel(&["import", first.to_str().unwrap(), "--no-seed"], "b.db");
    assert!(report.contains("\"created\""), "{report}");
    daleel(&["export", "--out", second.to_str().unwrap()], "b.db");
    let (a, b) = (
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&second).unwrap(),
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(a.contains("\"format\": \"daleel-dataset\""));
    // Every language and status travels, as JSON.
    assert!(
        a.contains("\"text\": \"سجن الخطيب\""),
        "the Arabic name is exported"
    );
    assert!(a.contains("\"status\": \"unreviewed\""));
    assert_eq!(a, b, "export → import → export gives the same file");
}

/// The NDJSON export, from the command line and over HTTP, says what the JSON export
/// says, a record a line; over HTTP it is for admins, and `?role=public` leaves out
/// what the public may not read.
async fn the_ndjson_export_streams_the_same_records(app: TestApp) {
    let whole = exported(&app).await;
    let lines_of = |text: &str| -> (Value, std::collections::BTreeMap<String, Vec<Value>>) {
        let mut lines = text.lines();
        let header: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
        let mut tables: std::collections::BTreeMap<String, Vec<Value>> = Default::default();
        for line in lines {
            let record: Value = serde_json::from_str(line).unwrap();
            tables
                .entry(record["table"].as_str().unwrap().to_owned())
                .or_default()
                .push(record["row"].clone());
        }
        (header, tables)
    };
    let out = app.command(&["export", "--format", "ndjson"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli = String::from_utf8(out.stdout).unwrap();
    let (header, tables) = lines_of(&cli);
    assert_eq!(
        header,
        json!({ "format": "daleel-dataset-ndjson", "version": 1 })
    );
    for (table, rows) in whole["tables"].as_object().unwrap() {
        let streamed = tables.get(table).cloned().unwrap_or_default();
        assert_eq!(&Value::Array(streamed), rows, "table {table}");
    }

    let admin = app.key(Role::Admin).await;
    let get = |key: Option<String>, path: &'static str| {
        let request = app.client.get(format!("{}{path}", app.address));
        async move {
            let request = match key {
                Some(key) => request.bearer_auth(key),
                None => request,
            };
            request.send().await.unwrap()
        }
    };
    let response = get(Some(admin.clone()), "/api/export.ndjson").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/x-ndjson; charset=utf-8"
    );
    assert_eq!(
        response.text().await.unwrap(),
        cli,
        "HTTP and CLI write the same lines"
    );
    for key in [None, Some(app.key(Role::Editor).await)] {
        let response = get(key, "/api/export.ndjson").await;
        assert_eq!(response.status(), 403);
    }

    // A restricted facility is absent from the public's export, there for the admin's.
    let sednaya = daleel::ids::encode_id(
        daleel::ids::NodeType::Facility,
        daleel::seed::seed_id("facility", "sednaya-prison"),
    );
    app.set_visibility("Facility", &sednaya, "RESTRICTED").await;
    let uuid = daleel::seed::seed_id("facility", "sednaya-prison").to_string();
    let public = get(Some(admin.clone()), "/api/export.ndjson?role=public")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !public.contains(&uuid),
        "the public export names the restricted facility"
    );
    assert!(public.contains(&daleel::seed::seed_id("facility", "al-khatib-prison").to_string()));
    let all = get(Some(admin), "/api/export.ndjson")
        .await
        .text()
        .await
        .unwrap();
    assert!(all.contains(&uuid));
}

crate::backend_tests!(
    export_import_export_gives_the_same_file,
    a_bad_record_fails_the_whole_import_and_says_where,
    the_ndjson_export_streams_the_same_records,
);
