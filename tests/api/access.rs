//! API keys and roles: what each caller sees, and how bad keys are refused.

use std::process::Command;

use chrono::Utc;
use daleel::service::access::Role;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::TestApp;

const PEOPLE: &str = r#"query($id: ID!) {
  persons { totalCount nodes { slug notes } }
  node(id: $id) { id }
  person(id: $id) { name notes aliases { name } testimonies { totalCount } }
  search(query: "Fayyad") { totalCount }
  testimonies { totalCount nodes { summary witness { slug } } }
  trials { nodes { testimonies { totalCount } } }
}"#;

fn fayyad_id() -> String {
    daleel::ids::encode_id(
        daleel::ids::NodeType::Person,
        daleel::seed::seed_id("person", "feras-fayyad"),
    )
}

fn slugs(data: &Value) -> Vec<String> {
    data["persons"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap().to_owned())
        .collect()
}

/// Gives the restricted witness a sensitive note, as a researcher would.
async fn add_note(app: &TestApp) {
    let id = daleel::seed::seed_id("person", "feras-fayyad");
    let mut person = entity::person::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    person.notes = Set(Some("contact through ECCHR only".into()));
    person.update(&app.db).await.unwrap();
    let raslan = daleel::seed::seed_id("person", "anwar-raslan");
    let mut person = entity::person::Entity::find_by_id(raslan)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    person.notes = Set(Some("internal research note".into()));
    person.update(&app.db).await.unwrap();
}

async fn an_analyst_sees_restricted_people_the_public_does_not(app: TestApp) {
    add_note(&app).await;
    let vars = json!({ "id": fayyad_id() });
    let public = app.query_ok(PEOPLE, vars.clone()).await;
    let reader = app
        .query_as(&app.key(Role::Public).await, PEOPLE, vars.clone())
        .await;
    let analyst = app
        .query_as(&app.key(Role::Analyst).await, PEOPLE, vars.clone())
        .await;

    // A reader key is the public view, exactly.
    assert_eq!(public, reader);
    assert!(!slugs(&public).contains(&"feras-fayyad".into()));
    assert!(public["node"].is_null() && public["person"].is_null());
    assert_eq!(public["search"]["totalCount"], 0);
    assert_eq!(public["testimonies"]["totalCount"], 0);
    assert_eq!(public["trials"]["nodes"][0]["testimonies"]["totalCount"], 0);
    // Sensitive fields are null below analyst, even on public people.
    assert!(
        public["persons"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["notes"].is_null())
    );

    assert!(slugs(&analyst).contains(&"feras-fayyad".into()));
    assert_eq!(
        analyst["persons"]["totalCount"].as_u64().unwrap(),
        public["persons"]["totalCount"].as_u64().unwrap() + 1
    );
    assert_eq!(analyst["node"]["id"], fayyad_id());
    assert_eq!(analyst["person"]["notes"], "contact through ECCHR only");
    assert!(!analyst["person"]["aliases"].as_array().unwrap().is_empty());
    assert_eq!(analyst["person"]["testimonies"]["totalCount"], 1);
    assert!(analyst["search"]["totalCount"].as_u64().unwrap() >= 1);
    assert_eq!(
        analyst["testimonies"]["nodes"][0]["witness"]["slug"],
        "feras-fayyad"
    );
    assert_eq!(
        analyst["trials"]["nodes"][0]["testimonies"]["totalCount"],
        1
    );
}

async fn confidential_records_are_for_editors_and_admins_only(app: TestApp) {
    let now = Utc::now();
    let secret = entity::facility::Model {
        translations: None,
        id: Uuid::new_v4(),
        created_at: now,
        updated_at: now,
        visibility: "confidential".into(),
        effective_visibility: "confidential".into(),
        version: 1,
        archived_at: None,
        slug: "safe-house".into(),
        name: "Unnamed safe house".into(),
        kind: "other".into(),
        status: "active".into(),
        address: None,
        neighbourhood: None,
        city: Some("Damascus".into()),
        region: None,
        country: Some("SY".into()),
        latitude: Some(33.5),
        longitude: Some(36.3),
        location_precision: Some("exact".into()),
        opened: None,
        opened_earliest: None,
        opened_latest: None,
        closed: None,
        closed_earliest: None,
        closed_latest: None,
        description: None,
    };
    entity::facility::Entity::insert(secret.clone().into_active_model())
        .exec_without_returning(&app.db)
        .await
        .unwrap();
    daleel::service::search::reindex(&app.db, &[secret.id])
        .await
        .unwrap();
    let id = daleel::ids::encode_id(daleel::ids::NodeType::Facility, secret.id);
    let query = r#"query($id: ID!) {
      facilities { totalCount } facility(id: $id) { name } node(id: $id) { id }
      facilityCounts(by: STATUS) { key count } facilityMap
      search(query: "safe house") { totalCount }
      agencies { nodes { branches { totalCount } } }
    }"#;
    let vars = json!({ "id": id });
    let count = |data: &Value| data["facilities"]["totalCount"].as_u64().unwrap();
    let active = |data: &Value| {
        data["facilityCounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["key"] == "ACTIVE")
            .map_or(0, |b| b["count"].as_u64().unwrap())
    };
    let public = app.query_ok(query, vars.clone()).await;
    let analyst = app
        .query_as(&app.key(Role::Analyst).await, query, vars.clone())
        .await;
    for hidden in [&public, &analyst] {
        assert_eq!(count(hidden), 2);
        assert!(hidden["facility"].is_null() && hidden["node"].is_null());
        assert_eq!(active(hidden), 0, "counts must not leak it");
        assert_eq!(
            hidden["facilityMap"]["features"].as_array().unwrap().len(),
            2
        );
        assert_eq!(hidden["search"]["totalCount"], 0);
    }
    for role in [Role::Editor, Role::Admin] {
        let seen = app
            .query_as(&app.key(role).await, query, vars.clone())
            .await;
        assert_eq!(count(&seen), 3, "{role:?}");
        assert_eq!(seen["facility"]["name"], "Unnamed safe house");
        assert_eq!(seen["node"]["id"], id);
        assert_eq!(active(&seen), 1);
        assert_eq!(seen["facilityMap"]["features"].as_array().unwrap().len(), 3);
        assert_eq!(seen["search"]["totalCount"], 1);
    }
}

async fn bad_keys_are_refused_never_downgraded(app: TestApp) {
    let revoked = app.key(Role::Admin).await;
    let keys = daleel::service::keys::list(&app.db)
        .await
        .map_err(|e| e.message())
        .unwrap();
    daleel::service::keys::revoke(&app.db, keys[0].id)
        .await
        .map_err(|e| e.message())
        .unwrap();
    let unknown = format!("dlk_{}", "A".repeat(43));
    let valid = app.key(Role::Analyst).await;
    let tampered = format!(
        "{}{}",
        &valid[..valid.len() - 1],
        if valid.ends_with('A') { 'B' } else { 'A' }
    );
    for authorization in [
        format!("Bearer {revoked}"),
        format!("Bearer {unknown}"),
        format!("Bearer {tampered}"),
        "Bearer not-a-key".to_owned(),
        "Bearer ".to_owned(),
        format!("Basic {valid}"),
        valid.clone(),
    ] {
        let (status, body) = app
            .post_graphql_with(&authorization, "{ facilities { totalCount } }", json!({}))
            .await;
        assert_eq!(status, 401, "{authorization}: {body:#}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
        assert!(body.get("data").is_none(), "no data on a refused key");
        assert!(
            !body.to_string().contains(&valid[4..]),
            "the key is never echoed"
        );
    }
    // The valid key still works after all that.
    app.query_as(&valid, "{ facilities { totalCount } }", json!({}))
        .await;
}

#[test]
fn the_keys_command_creates_lists_and_revokes() {
    let path = std::env::temp_dir().join(format!("daleel-keys-{}.db", Uuid::new_v4().simple()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let daleel = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_daleel"))
            .args(args)
            .args(["--database-url", &url, "--no-seed"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let created = daleel(&["keys", "create", "--role", "analyst", "--name", "dashboard"]);
    let mut lines = created.lines();
    let id = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(2)
        .unwrap()
        .to_owned();
    let secret = lines.next().unwrap().to_owned();
    assert!(secret.starts_with("dlk_") && secret.len() > 40, "{created}");
    let listed = daleel(&["keys", "list"]);
    assert!(
        listed.contains(&id) && listed.contains("analyst") && listed.contains("dashboard"),
        "{listed}"
    );
    assert!(
        listed.contains(&secret[..12]),
        "the prefix identifies the key: {listed}"
    );
    assert!(
        !listed.contains(&secret[12..]),
        "the secret is never shown again"
    );
    daleel(&["keys", "revoke", &id]);
    let listed = daleel(&["keys", "list"]);
    let row = listed.lines().find(|l| l.contains(&id)).unwrap();
    assert!(!row.contains("  -  "), "revoked keys show when: {row}");
    let bad = Command::new(env!("CARGO_BIN_EXE_daleel"))
        .args([
            "keys",
            "create",
            "--role",
            "root",
            "--name",
            "x",
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

crate::backend_tests!(
    an_analyst_sees_restricted_people_the_public_does_not,
    confidential_records_are_for_editors_and_admins_only,
    bad_keys_are_refused_never_downgraded,
);
