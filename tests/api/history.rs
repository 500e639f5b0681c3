//! A record's `history`: every version from the audit log with when, which role, why and
//! what changed, across create, update, restrict, archive and restore; and visibility in
//! time: a reader sees only the versions the record was visible to them in, a diff never
//! reveals a value from a version hidden from them, past names are withheld below
//! editor, and who wrote (the key's name) is for editors and admins.

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const HISTORY: &str = r#"query($id: ID!) { node(id: $id) {
  ... on Facility { history { ...v } } ... on Person { history { ...v } } ... on Posting { history { ...v } } } }
fragment v on RecordVersionConnection { totalCount nodes { at version operation role keyName reason changes { field before after redacted } } }"#;

const AS_OF: &str = r#"query($id: ID!, $at: DateTime!) { node(id: $id, asOf: $at) { ... on Facility { version description visibility } } }"#;

/// The facility `id` as `key` (or the public) reads it as of `at`.
async fn as_of(app: &TestApp, key: Option<&str>, id: &str, at: &str) -> Value {
    let vars = json!({ "id": id, "at": at });
    let body = match key {
        Some(key) => app.query_as(key, AS_OF, vars).await,
        None => app.query_ok(AS_OF, vars).await,
    };
    body["node"].clone()
}

async fn history(app: &TestApp, key: Option<&str>, id: &str) -> Value {
    let body = match key {
        Some(key) => app.query_as(key, HISTORY, json!({ "id": id })).await,
        None => app.query_ok(HISTORY, json!({ "id": id })).await,
    };
    body["node"]["history"].clone()
}

fn operations(history: &Value) -> Vec<String> {
    history["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["operation"].as_str().unwrap().to_owned())
        .collect()
}

fn change<'a>(version: &'a Value, field: &str) -> Option<&'a Value> {
    version["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == field)
}

async fn write(app: &TestApp, key: &str, query: &str, vars: Value) -> Value {
    app.query_as(key, query, vars).await
}

/// Create, correct, restrict, archive, restore, publish again: each a version with its
/// reason; the public sees the versions it could read then, and the first after a gap
/// as a beginning.
async fn versions_follow_every_write_and_visibility_in_time(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let analyst = app.key(Role::Analyst).await;
    let created = write(
        &app,
        &editor,
        r#"mutation { createFacility(input: { slug: "history-test-prison", name: "History Test Prison", kind: PRISON, status: UNKNOWN, description: "First words" }, reason: "first report") { id version } }"#,
        json!({}),
    )
    .await;
    let id = created["createFacility"]["id"].as_str().unwrap().to_owned();
    let update = r#"mutation($id: ID!, $v: Int!, $i: UpdateFacilityInput!, $r: String) { updateFacility(id: $id, expectedVersion: $v, input: $i, reason: $r) { version } }"#;
    write(&app, &editor, update, json!({ "id": id, "v": 1, "i": { "description": "Corrected words" }, "r": "corrected per the source" })).await;
    write(&app, &editor, update, json!({ "id": id, "v": 2, "i": { "visibility": "RESTRICTED", "description": "Restricted words" }, "r": "a witness is at risk" })).await;
    write(&app, &editor, r#"mutation($id: ID!) { archiveRecord(id: $id, expectedVersion: 3, reason: "duplicate?") }"#, json!({ "id": id })).await;
    write(&app, &editor, r#"mutation($id: ID!) { restoreRecord(id: $id, expectedVersion: 4, reason: "not a duplicate") { id } }"#, json!({ "id": id })).await;
    write(&app, &editor, update, json!({ "id": id, "v": 5, "i": { "visibility": "PUBLIC", "description": "Public again" }, "r": "the risk has passed" })).await;

    let full = history(&app, Some(&editor), &id).await;
    assert_eq!(
        operations(&full),
        ["CREATE", "UPDATE", "UPDATE", "ARCHIVE", "RESTORE", "UPDATE"],
        "{full:#}"
    );
    let nodes = full["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["reason"], "first report");
    assert_eq!(nodes[0]["role"], "editor");
    assert!(
        nodes[0]["keyName"].is_string(),
        "editors read the key's name: {full:#}"
    );
    assert_eq!(
        change(&nodes[1], "description").unwrap(),
        &json!({ "field": "description", "before": "First words", "after": "Corrected words", "redacted": false })
    );
    assert_eq!(
        change(&nodes[2], "visibility").unwrap()["after"],
        "restricted"
    );
    assert_eq!(nodes[5]["version"], 6);
    assert_eq!(nodes[5]["reason"], "the risk has passed");

    // The public: the two first versions, then the last as a beginning.
    let public = history(&app, None, &id).await;
    assert_eq!(
        operations(&public),
        ["CREATE", "UPDATE", "UPDATE"],
        "{public:#}"
    );
    let nodes = public["nodes"].as_array().unwrap();
    assert!(
        nodes
            .iter()
            .all(|v| v["keyName"].is_null() && v["reason"].is_null()),
        "{public:#}"
    );
    let last = change(&nodes[2], "description").unwrap();
    assert_eq!(
        last["before"],
        Value::Null,
        "the restricted words stay hidden: {public:#}"
    );
    assert_eq!(last["after"], "Public again");
    assert!(
        !public.to_string().contains("Restricted words"),
        "{public:#}"
    );
    assert!(change(&nodes[2], "visibility").unwrap()["before"].is_null());

    // Analysts read the restricted versions and the reasons, not the key's name.
    let seen = history(&app, Some(&analyst), &id).await;
    assert_eq!(operations(&seen), operations(&full));
    assert!(seen.to_string().contains("Restricted words"));
    assert_eq!(seen["nodes"][2]["reason"], "a witness is at risk");
    assert!(seen["nodes"][0]["keyName"].is_null());

    // As of each version's instant, the record as that version left it; archived then,
    // absent; before it was created, absent.
    let ats: Vec<String> = full["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["at"].as_str().unwrap().to_owned())
        .collect();
    let descriptions = [
        "First words",
        "Corrected words",
        "Restricted words",
        "",
        "Restricted words",
        "Public again",
    ];
    for (i, (at, description)) in ats.iter().zip(descriptions).enumerate() {
        let then = as_of(&app, Some(&editor), &id, at).await;
        if i == 3 {
            assert!(then.is_null(), "archived then: {then:#}");
        } else {
            assert_eq!(
                then["description"],
                description,
                "as of version {}: {then:#}",
                i + 1
            );
            assert_eq!(then["version"], i as i64 + 1);
        }
    }
    let before_all =
        chrono::DateTime::parse_from_rfc3339(&ats[0]).unwrap() - chrono::Duration::seconds(1);
    assert!(
        as_of(&app, Some(&editor), &id, &before_all.to_rfc3339())
            .await
            .is_null()
    );
    // The public reads the public past, not the restricted one; analysts read both.
    assert_eq!(
        as_of(&app, None, &id, &ats[1]).await["description"],
        "Corrected words"
    );
    assert!(as_of(&app, None, &id, &ats[2]).await.is_null());
    assert_eq!(
        as_of(&app, Some(&analyst), &id, &ats[2]).await["description"],
        "Restricted words"
    );

    // Lists as of an instant hold the record as it was, when it was there for the reader.
    let list = r#"query($at: DateTime!) { facilities(asOf: $at, first: 100) { totalCount nodes { slug description } } }"#;
    let listed = |data: Value| -> Option<Value> {
        let nodes = data["facilities"]["nodes"].as_array().unwrap().clone();
        assert_eq!(data["facilities"]["totalCount"], json!(nodes.len()));
        nodes
            .into_iter()
            .find(|f| f["slug"] == "history-test-prison")
            .map(|f| f["description"].clone())
    };
    let at = |i: usize| json!({ "at": ats[i] });
    assert_eq!(
        listed(app.query_as(&editor, list, at(2)).await),
        Some(json!("Restricted words"))
    );
    assert_eq!(
        listed(app.query_as(&editor, list, at(3)).await),
        None,
        "archived then"
    );
    assert_eq!(
        listed(app.query_ok(list, at(1)).await),
        Some(json!("Corrected words"))
    );
    assert_eq!(
        listed(app.query_ok(list, at(2)).await),
        None,
        "restricted then"
    );
    let before = json!({ "at": before_all.to_rfc3339() });
    assert_eq!(
        listed(app.query_ok(list, before).await),
        None,
        "not yet created"
    );
    let first = app.query_ok(list, at(0)).await;
    assert_eq!(listed(first.clone()), Some(json!("First words")));
    assert!(
        first["facilities"]["totalCount"].as_u64() >= Some(3),
        "the built-in facilities were there too: {first:#}"
    );
    // A filter matches the records as they were.
    let prisons = r#"query($at: DateTime!) { facilities(asOf: $at, filter: { kind: PRISON }, first: 100) { nodes { slug description } } }"#;
    let prison_then = app.query_as(&editor, prisons, at(1)).await;
    assert!(
        prison_then["facilities"]["nodes"]
            .as_array()
            .unwrap()
            .contains(&json!({ "slug": "history-test-prison", "description": "Corrected words" })),
        "{prison_then:#}"
    );

    // A reason too long is refused, naming it, and nothing is written.
    let (_, body) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            update,
            json!({ "id": id, "v": 6, "i": { "description": "x" }, "r": "r".repeat(1001) }),
        )
        .await;
    let error = crate::helpers::single_error(&body);
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{body}");
    assert!(
        error["message"].as_str().unwrap().contains("`reason`"),
        "{body}"
    );
    assert_eq!(history(&app, Some(&editor), &id).await["totalCount"], 6);

    // Restricted again today: its public past is withdrawn from the public too.
    write(
        &app,
        &editor,
        update,
        json!({ "id": id, "v": 6, "i": { "visibility": "RESTRICTED" }, "r": "at risk again" }),
    )
    .await;
    assert!(as_of(&app, None, &id, &ats[1]).await.is_null());
    assert!(
        history(&app, None, &id).await.is_null(),
        "no history of a record the public cannot see"
    );
}

/// The built-in data's versions say so; a person's past name and notes are withheld
/// from those who may not read them.
async fn seeded_versions_and_withheld_values(app: TestApp) {
    let analyst = app.key(Role::Analyst).await;
    let editor = app.key(Role::Editor).await;
    let raslan = encode_id(
        NodeType::Posting,
        seed_id("posting", "posting-raslan-investigation-department"),
    );
    let seeded = history(&app, Some(&analyst), &raslan).await;
    assert_eq!(operations(&seeded), ["SEED"]);
    assert_eq!(seeded["nodes"][0]["reason"], daleel::seed::SEED_REASON);
    assert_eq!(
        change(&seeded["nodes"][0], "period").unwrap()["after"],
        "2011-01/2012-09"
    );

    let created = write(
        &app,
        &editor,
        r#"mutation { createPerson(input: { slug: "history-test-witness", name: "Rami Haddad Testname", roles: [OFFICER], notes: "met in Gaziantep" }) { id } }"#,
        json!({}),
    )
    .await;
    let id = created["createPerson"]["id"].as_str().unwrap().to_owned();
    write(
        &app,
        &editor,
        r#"mutation($id: ID!) { updatePerson(id: $id, expectedVersion: 1, input: { name: "Officer R." }, reason: "pseudonym") { id } }"#,
        json!({ "id": id }),
    )
    .await;
    for key in [None, Some(analyst.as_str())] {
        let h = history(&app, key, &id).await;
        assert!(!h.to_string().contains("Rami Haddad"), "{key:?}: {h:#}");
        let renamed = change(&h["nodes"][1], "name").unwrap();
        assert_eq!(renamed["after"], "Officer R.");
        assert_eq!(renamed["redacted"], true);
    }
    let public = history(&app, None, &id).await;
    assert!(change(&public["nodes"][0], "notes").is_none(), "{public:#}");
    let full = history(&app, Some(&editor), &id).await;
    assert_eq!(
        change(&full["nodes"][1], "name").unwrap()["before"],
        "Rami Haddad Testname"
    );
}

/// A list's histories cost what one does: the built-in persons' (each with texts to
/// check for hidden names) in as many statements as one person's.
async fn histories_of_a_list_are_read_together(app: TestApp) {
    let query = r#"query($first: Int) { persons(first: $first) { nodes { name
        history { totalCount nodes { at changes { field before after } } } } } }"#;
    let (one, for_one) = app.count_statements(query, json!({ "first": 1 })).await;
    let (all, for_all) = app.count_statements(query, json!({ "first": 50 })).await;
    let persons = all["persons"]["nodes"].as_array().unwrap();
    assert!(persons.len() > 1, "{all:#}");
    assert!(
        persons
            .iter()
            .all(|p| p["history"]["totalCount"].as_u64() >= Some(1))
    );
    assert_eq!(one["persons"]["nodes"].as_array().unwrap().len(), 1);
    assert_eq!(
        for_all, for_one,
        "statements for every person's history as for one"
    );
}

crate::backend_tests!(
    versions_follow_every_write_and_visibility_in_time,
    seeded_versions_and_withheld_values,
    histories_of_a_list_are_read_together,
);
