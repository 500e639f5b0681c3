//! Writes: who may write, validation that names the field and stores nothing, versions
//! that stop silent overwrites, archiving that hides without deleting, and the audit log.

use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};

const CREATE: &str = r#"mutation($input: CreateFacilityInput!) {
  createFacility(input: $input) { id slug name version status opened { edtf earliest latest } location { city latitude } }
}"#;

fn facility_input(slug: &str) -> Value {
    json!({ "slug": slug, "name": "Mezzeh military airport prison", "kind": "MILITARY_PRISON", "status": "DEFUNCT",
            "opened": "1987~", "location": { "city": "Damascus", "country": "sy", "latitude": 33.48, "longitude": 36.22, "precision": "CITY" } })
}

async fn facility_count(app: &TestApp) -> u64 {
    app.query_ok("{ facilities { totalCount } }", json!({}))
        .await["facilities"]["totalCount"]
        .as_u64()
        .unwrap()
}

async fn an_editor_creates_updates_archives_and_restores(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let created = app
        .query_as(
            &editor,
            CREATE,
            json!({ "input": facility_input("mezzeh-prison") }),
        )
        .await["createFacility"]
        .clone();
    assert_eq!(created["version"], 1);
    assert_eq!(
        created["opened"],
        json!({ "edtf": "1987~", "earliest": "1987-01-01", "latest": "1987-12-31" })
    );
    let id = created["id"].clone();
    assert_eq!(facility_count(&app).await, 3);
    // Search finds a new name at once.
    let found = app.query_ok(r#"{ search(query: "mezzeh", types: [FACILITY]) { nodes { record { ... on Facility { slug } } } } }"#, json!({})).await;
    assert_eq!(
        found["search"]["nodes"][0]["record"]["slug"],
        "mezzeh-prison"
    );

    let update = r#"mutation($id: ID!, $v: Int!, $input: UpdateFacilityInput!) { updateFacility(id: $id, expectedVersion: $v, input: $input) { version name closed { edtf } description } }"#;
    let updated = app.query_as(&editor, update, json!({ "id": id, "v": 1, "input": { "closed": "2024-12", "description": "Run by Air Force Intelligence." } })).await;
    assert_eq!(updated["updateFacility"]["version"], 2);
    assert_eq!(
        updated["updateFacility"]["name"], "Mezzeh military airport prison",
        "omitted fields stay"
    );
    assert_eq!(updated["updateFacility"]["closed"]["edtf"], "2024-12");

    // A second editor who read version 1 cannot overwrite unknowingly.
    let (_, stale) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            update,
            json!({ "id": id, "v": 1, "input": { "name": "Overwritten" } }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT", "{stale:#}");
    let current = app
        .query_ok(
            "query($id: ID!) { facility(id: $id) { name version } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        current["facility"],
        json!({ "name": "Mezzeh military airport prison", "version": 2 })
    );

    let archive = "mutation($id: ID!, $v: Int!) { archiveRecord(id: $id, expectedVersion: $v) }";
    app.query_as(&editor, archive, json!({ "id": id, "v": 2 }))
        .await;
    assert_eq!(facility_count(&app).await, 2);
    let gone = app.query_as(&editor, r#"query($id: ID!) { node(id: $id) { id } search(query: "mezzeh") { totalCount } facilityCounts(by: STATUS) { key count } }"#, json!({ "id": id })).await;
    assert!(
        gone["node"].is_null(),
        "archived records are hidden even from editors' reads"
    );
    assert_eq!(gone["search"]["totalCount"], 0);
    let restore = "mutation($id: ID!, $v: Int!) { restoreRecord(id: $id, expectedVersion: $v) { ... on Facility { name version } } }";
    let restored = app
        .query_as(&editor, restore, json!({ "id": id, "v": 3 }))
        .await;
    assert_eq!(restored["restoreRecord"]["version"], 4);
    assert_eq!(facility_count(&app).await, 3);

    // Every write is in the audit log, with who made it and the record before and after.
    let admin = app.key(Role::Admin).await;
    let log = app
        .query_as(&admin, "query($id: ID!) { auditLog(filter: { recordId: $id }) { totalCount nodes { operation recordType keyName role before after } } }", json!({ "id": id }))
        .await;
    let entries = log["auditLog"]["nodes"].as_array().unwrap();
    let operations: Vec<&str> = entries
        .iter()
        .map(|e| e["operation"].as_str().unwrap())
        .collect();
    assert_eq!(
        operations,
        ["restore", "archive", "update", "create"],
        "newest first"
    );
    assert!(
        entries.iter().all(|e| e["keyName"] == "test"
            && e["role"] == "editor"
            && e["recordType"] == "Facility")
    );
    let update_entry = &entries[2];
    assert_eq!(update_entry["before"]["closed"], Value::Null);
    assert_eq!(update_entry["after"]["closed"], "2024-12");
    assert!(entries[3]["before"].is_null());
}

async fn readers_and_analysts_cannot_write(app: TestApp) {
    let input = json!({ "input": facility_input("nope") });
    let body = app.post_graphql(CREATE, input.clone()).await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body:#}");
    for role in [Role::Public, Role::Analyst] {
        let key = app.key(role).await;
        let (_, body) = app
            .post_graphql_with(&format!("Bearer {key}"), CREATE, input.clone())
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{role:?}: {body:#}");
        let (_, body) = app
            .post_graphql_with(
                &format!("Bearer {key}"),
                "{ auditLog { totalCount } }",
                json!({}),
            )
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN");
    }
    let editor = app.key(Role::Editor).await;
    let (_, body) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            "{ auditLog { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        error_code(&body),
        "FORBIDDEN",
        "the audit log is for admins"
    );
    assert_eq!(facility_count(&app).await, 2, "nothing was stored");
}

async fn invalid_input_names_the_field_and_stores_nothing(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let admin = app.key(Role::Admin).await;
    let audited = || async {
        app.query_as(&admin, "{ auditLog { totalCount } }", json!({}))
            .await["auditLog"]["totalCount"]
            .as_u64()
            .unwrap()
    };
    // The built-in data is in the audit log already.
    let before = audited().await;
    app.query_as(&editor, CREATE, json!({ "input": facility_input("taken") }))
        .await;
    let cases = [
        (json!({ "slug": "Not A Slug" }), "slug"),
        (json!({ "slug": "taken" }), "slug"),
        (json!({ "opened": "2019-13" }), "opened"),
        (json!({ "closed": "2012/2011" }), "closed"),
        (json!({ "name": "   " }), "name"),
        (
            json!({ "location": { "latitude": 95.0, "longitude": 36.0 } }),
            "latitude",
        ),
        (json!({ "location": { "latitude": 33.0 } }), "location"),
        (
            json!({ "location": { "country": "Syria" } }),
            "location.country",
        ),
    ];
    for (change, field) in cases {
        let mut input = facility_input("fresh-slug");
        for (k, v) in change.as_object().unwrap() {
            input[k] = v.clone();
        }
        let (_, body) = app
            .post_graphql_with(
                &format!("Bearer {editor}"),
                CREATE,
                json!({ "input": input }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{field}: {body:#}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(field), "{field}: {message}");
    }
    assert_eq!(
        facility_count(&app).await,
        3,
        "only the first facility was stored"
    );
    assert_eq!(
        audited().await,
        before + 1,
        "failed writes leave no audit entry"
    );
}

async fn witnesses_are_restricted_unless_made_public(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let create =
        r#"mutation($input: CreatePersonInput!) { createPerson(input: $input) { id visibility } }"#;
    let witness = app
        .query_as(&editor, create, json!({ "input": { "slug": "a-witness", "name": "A Witness", "roles": ["WITNESS"], "notes": "lives in Gaziantep" } }))
        .await;
    assert_eq!(witness["createPerson"]["visibility"], "RESTRICTED");
    let public_witness = app
        .query_as(&editor, create, json!({ "input": { "slug": "public-witness", "name": "Public Witness", "roles": ["WITNESS"], "visibility": "PUBLIC" } }))
        .await;
    assert_eq!(public_witness["createPerson"]["visibility"], "PUBLIC");
    let id = &witness["createPerson"]["id"];
    let public = app
        .query_ok(
            "query($id: ID!) { person(id: $id) { name } }",
            json!({ "id": id }),
        )
        .await;
    assert!(public["person"].is_null());
    let analyst = app
        .query_as(
            &app.key(Role::Analyst).await,
            "query($id: ID!) { person(id: $id) { name notes } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        analyst["person"],
        json!({ "name": "A Witness", "notes": "lives in Gaziantep" })
    );
}

async fn aliases_and_citations_link_and_unlink(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let ids = app.query_ok(r#"{ facilities(filter: { text: "sednaya" }) { nodes { id } } sources(first: 1) { nodes { id } } }"#, json!({})).await;
    let (facility, source) = (
        ids["facilities"]["nodes"][0]["id"].clone(),
        ids["sources"]["nodes"][0]["id"].clone(),
    );
    let alias = app
        .query_as(&editor, r#"mutation($id: ID!) { addAlias(input: { recordId: $id, name: "Sidnaya military prison", kind: TRANSLITERATION, script: "Latn" }) { id version } }"#, json!({ "id": facility }))
        .await;
    let search = r#"{ search(query: "sidnaya military", types: [FACILITY]) { totalCount } }"#;
    assert_eq!(
        app.query_ok(search, json!({})).await["search"]["totalCount"],
        1
    );
    // Renaming the alias moves the search key with it.
    app.query_as(
        &editor,
        r#"mutation($id: ID!) { updateAlias(id: $id, expectedVersion: 1, input: { name: "The red building" }) { version } }"#,
        json!({ "id": alias["addAlias"]["id"] }),
    )
    .await;
    assert_eq!(
        app.query_ok(search, json!({})).await["search"]["totalCount"],
        0
    );
    let renamed = r#"{ search(query: "red building", types: [FACILITY]) { totalCount } }"#;
    assert_eq!(
        app.query_ok(renamed, json!({})).await["search"]["totalCount"],
        1
    );
    app.query_as(
        &editor,
        "mutation($id: ID!) { removeAlias(id: $id, expectedVersion: 2) }",
        json!({ "id": alias["addAlias"]["id"] }),
    )
    .await;
    assert_eq!(
        app.query_ok(renamed, json!({})).await["search"]["totalCount"],
        0
    );
    assert_eq!(
        app.query_ok(search, json!({})).await["search"]["totalCount"],
        0
    );

    let cite = r#"mutation($r: ID!, $s: ID!) { addCitation(input: { recordId: $r, sourceId: $s, field: "status", quote: "no more inmates", confidence: MEDIUM }) { id field confidence status source { title } } }"#;
    let citation = app
        .query_as(&editor, cite, json!({ "r": facility, "s": source }))
        .await["addCitation"]
        .clone();
    assert_eq!(citation["status"], "ACCEPTED");
    let cited = app.query_ok(r#"query($id: ID!) { facility(id: $id) { citations(field: "status") { quote confidence } } }"#, json!({ "id": facility })).await;
    assert!(
        cited["facility"]["citations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["quote"] == "no more inmates")
    );

    // A citation cannot point at a record that does not exist (or that the writer cannot see).
    let missing = daleel::ids::encode_id(daleel::ids::NodeType::Facility, uuid::Uuid::new_v4());
    let (_, body) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            cite,
            json!({ "r": missing, "s": source }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("recordId")
    );
    // Another source contradicts it: the editor marks it disputed rather than deleting it.
    let disputed = app
        .query_as(
            &editor,
            "mutation($id: ID!) { updateCitation(id: $id, expectedVersion: 1, input: { status: DISPUTED, confidence: LOW }) { status confidence version quote } }",
            json!({ "id": citation["id"] }),
        )
        .await;
    assert_eq!(
        disputed["updateCitation"],
        json!({ "status": "DISPUTED", "confidence": "LOW", "version": 2, "quote": "no more inmates" })
    );
    let (_, stale) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            "mutation($id: ID!) { updateCitation(id: $id, expectedVersion: 1, input: { status: ACCEPTED }) { status } }",
            json!({ "id": citation["id"] }),
        )
        .await;
    assert_eq!(error_code(&stale), "CONFLICT");
    app.query_as(
        &editor,
        "mutation($id: ID!) { removeCitation(id: $id, expectedVersion: 2) }",
        json!({ "id": citation["id"] }),
    )
    .await;
    let after = app
        .query_ok(
            r#"query($id: ID!) { facility(id: $id) { citations(field: "status") { quote } } }"#,
            json!({ "id": facility }),
        )
        .await;
    assert!(
        !after["facility"]["citations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["quote"] == "no more inmates")
    );
}

async fn mutations_over_get_are_refused(app: TestApp) {
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[(
            "query",
            "mutation { archiveRecord(id: \"x\", expectedVersion: 1) }",
        )])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
}

crate::backend_tests!(
    an_editor_creates_updates_archives_and_restores,
    readers_and_analysts_cannot_write,
    invalid_input_names_the_field_and_stores_nothing,
    witnesses_are_restricted_unless_made_public,
    aliases_and_citations_link_and_unlink,
    mutations_over_get_are_refused,
);
