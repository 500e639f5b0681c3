//! One door for every write: an import, `importDataset`, the built-in data and a
//! mutation are held to the same rules. Each case here was stored by an import before
//! (the review's list) and must now be refused, naming the table, the record and the
//! field, with nothing stored.

use std::process::Command;

use daleel::service::access::Role;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app_with};

const IMPORT: &str = "mutation($d: JSON!) { importDataset(dataset: $d) }";

async fn dataset(app: &TestApp) -> Value {
    serde_json::to_value(
        daleel::service::exchange::export(&app.db, None)
            .await
            .unwrap(),
    )
    .unwrap()
}

/// `good` with `table`'s first row's `field` set to `value`.
fn with(good: &Value, table: &str, field: &str, value: Value) -> Value {
    let mut bad = good.clone();
    bad["tables"][table][0][field] = value;
    bad
}

async fn an_import_refuses_what_a_mutation_refuses(app: TestApp) {
    let twin = spawn_app_with(app.backend, |s| s.no_seed = true)
        .await
        .unwrap();
    let admin = twin.key(Role::Admin).await;
    let good = dataset(&app).await;
    let cases = [
        ("facility", "slug", json!("Bad Slug!! ")),
        ("agency", "country", json!("ZZZ")),
        ("person", "nationality", json!("Syria")),
        ("facility", "description", json!("x".repeat(30_000))),
        ("facility", "name", json!("Sednaya\u{1b}[31m")),
        ("trial", "description", json!("a\u{7}bell")),
        ("person", "birth_date", json!("yesterday")),
        ("facility", "latitude", json!(999.0)),
        ("facility", "kind", json!("bogus")),
        ("person", "roles", json!("king")),
        ("facility", "version", json!(-5)),
        ("citation", "confidence", json!("certain")),
        // A misspelt column, whose value would have been lost.
        ("facility", "nmae", json!("Sednaya")),
    ];
    for (table, field, value) in cases {
        let bad = with(&good, table, field, value.clone());
        let (_, body) = twin
            .post_graphql_with(&format!("Bearer {admin}"), IMPORT, json!({ "d": bad }))
            .await;
        assert!(
            body.get("errors").is_some(),
            "{table}.{field} was stored: {body:#}"
        );
        assert_eq!(
            error_code(&body),
            "BAD_USER_INPUT",
            "{table}.{field}: {body:#}"
        );
        let message = body["errors"][0]["message"].as_str().unwrap();
        let column = if field == "latitude" {
            "latitude"
        } else {
            field
        };
        assert!(
            message.contains(&format!("table `{table}`")) && message.contains(column),
            "{table}.{field}: {message}"
        );
    }
    // A slug used twice: refused, naming both records, never INTERNAL.
    let mut twice = good.clone();
    let other = twice["tables"]["facility"][1]["slug"].clone();
    twice["tables"]["facility"][0]["slug"] = other;
    let (_, body) = twin
        .post_graphql_with(&format!("Bearer {admin}"), IMPORT, json!({ "d": twice }))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("slug")
    );
    // The same through `daleel import`, with a NUL (which a GraphQL request cannot carry).
    let file = std::env::temp_dir().join(format!(
        "daleel-door-{}.json",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::write(
        &file,
        with(&good, "organization", "name", json!("NUL\u{0}")).to_string(),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_daleel"))
        .args([
            "import",
            file.to_str().unwrap(),
            "--database-url",
            twin.database_url(),
        ])
        .output()
        .unwrap();
    std::fs::remove_file(&file).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("table `organization`")
            && stderr.contains("`name`")
            && stderr.contains("U+0000"),
        "{stderr}"
    );
    // Nothing of any of them was stored.
    let counts = twin
        .query_as(
            &admin,
            "{ facilities { totalCount } auditLog { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        counts,
        json!({ "facilities": { "totalCount": 0 }, "auditLog": { "totalCount": 0 } })
    );
    // The good file goes in, through the same door, with an audit entry per record.
    twin.query_as(&admin, IMPORT, json!({ "d": good })).await;
    let counts = twin
        .query_as(
            &admin,
            "{ facilities { totalCount } auditLog { totalCount } }",
            json!({}),
        )
        .await;
    assert!(
        counts["auditLog"]["totalCount"].as_u64().unwrap() > 100,
        "{counts:#}"
    );
}

/// An import may not put a hidden person's name into public text either.
async fn an_import_may_not_name_a_hidden_person_in_public_text(app: TestApp) {
    let admin = app.key(Role::Admin).await;
    let good = dataset(&app).await;
    let trial = good["tables"]["trial"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bad = with(
        &good,
        "trial",
        "description",
        json!("Firas Fayyad testified as the first witness."),
    );
    let (_, body) = app
        .post_graphql_with(&format!("Bearer {admin}"), IMPORT, json!({ "d": bad }))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("table `trial`")
            && message.contains(&trial)
            && message.contains("description"),
        "{message}"
    );
}

/// A value the door refuses can no longer be stored; one written around it (by hand, in
/// the database) is found by `daleel check`, and reading it is an error whose null goes
/// where the GraphQL specification puts it: the non-null field was left out of its
/// object before, now its nearest nullable ancestor is null.
async fn a_stored_value_the_door_refuses_is_found_and_contained(app: TestApp) {
    let table = "facility";
    app.db
        .execute_unprepared(&format!(
            "UPDATE {table} SET kind = 'bogus' WHERE slug = 'sednaya-prison'"
        ))
        .await
        .unwrap();
    let body = app
        .post_graphql(
            "{ facilities { nodes { name kind } } agencies { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), "INTERNAL", "{body:#}");
    // `kind: FacilityKind!` in `[Facility!]!` in `FacilityConnection!`: every ancestor is
    // non-null, so `data` is.
    assert!(body["data"].is_null(), "{body:#}");
    // Through a nullable parent, only that parent is null.
    let id = daleel::ids::encode_id(
        daleel::ids::NodeType::Facility,
        daleel::seed::seed_id("facility", "sednaya-prison"),
    );
    let body = app
        .post_graphql(
            "query($id: ID!) { facility(id: $id) { name kind } agencies { totalCount } }",
            json!({ "id": id }),
        )
        .await;
    assert!(body["data"]["facility"].is_null(), "{body:#}");
    assert!(
        body["data"]["agencies"]["totalCount"].as_u64().unwrap() > 0,
        "{body:#}"
    );
    // `daleel check` names the record and the field, and fails.
    let out = Command::new(env!("CARGO_BIN_EXE_daleel"))
        .args(["check", "--database-url", app.database_url()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains("Facility") && stdout.contains("`kind`"),
        "{stdout}"
    );
    assert!(stdout.contains("1 finding"), "{stdout}");
}

/// An import that would close a loop of branches through a stored one is refused.
async fn an_import_may_not_close_a_branch_loop(app: TestApp) {
    let admin = app.key(Role::Admin).await;
    let good = dataset(&app).await;
    let branches = good["tables"]["branch"].as_array().unwrap();
    let parent = branches
        .iter()
        .find(|b| b["parent_id"].is_null())
        .unwrap()
        .clone();
    let child = branches
        .iter()
        .find(|b| b["parent_id"] == parent["id"])
        .unwrap()
        .clone();
    // The stored parent now under its own child.
    let mut looped = parent.clone();
    looped["parent_id"] = child["id"].clone();
    let file =
        json!({ "format": "daleel-dataset", "version": 1, "tables": { "branch": [looped] } });
    let (_, body) = app
        .post_graphql_with(&format!("Bearer {admin}"), IMPORT, json!({ "d": file }))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("parent_id") && message.contains("loop"),
        "{message}"
    );
}

crate::backend_tests!(
    an_import_may_not_close_a_branch_loop,
    an_import_refuses_what_a_mutation_refuses,
    an_import_may_not_name_a_hidden_person_in_public_text,
    a_stored_value_the_door_refuses_is_found_and_contained,
);

/// The GraphQL layer only maps inputs onto the domain layer: no field rule is called
/// from it, so a rule added to `service::fields` holds at every door at once.
#[test]
fn no_field_rule_is_called_outside_the_domain_layer() {
    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    for dir in ["src/graphql", "src/http"] {
        rust_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir),
            &mut files,
        );
    }
    assert!(files.len() > 20, "the layers were read");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for call in ["service::fields", "fields::"] {
            assert!(
                !text.contains(call),
                "{} calls a field rule ({call}); rules belong in src/service",
                file.display()
            );
        }
    }
}
