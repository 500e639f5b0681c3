//! Writes of agencies, branches, organizations, sources and trials: each is created at
//! version 1 and updated to version 2 with omitted fields kept; a stale version is a
//! CONFLICT; a bad field is named and stores nothing; references must be of the right
//! type; branches cannot be nested in a loop; and search follows a rename at once.

use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};

/// `createX` with `input`, selecting `fields` (besides `id` and `version`).
async fn create(app: &TestApp, editor: &str, type_name: &str, fields: &str, input: Value) -> Value {
    let query = format!(
        "mutation($input: Create{type_name}Input!) {{ create{type_name}(input: $input) {{ id version {fields} }} }}"
    );
    let created = app
        .query_as(editor, &query, json!({ "input": input }))
        .await[format!("create{type_name}")]
    .clone();
    assert_eq!(created["version"], 1, "{created:#}");
    created
}

/// The `updateX` mutation text, selecting `fields` (besides `version`).
fn update_query(type_name: &str, fields: &str) -> String {
    format!(
        "mutation($id: ID!, $v: Int!, $input: Update{type_name}Input!) {{ update{type_name}(id: $id, expectedVersion: $v, input: $input) {{ version {fields} }} }}"
    )
}

/// Runs `updateX` as `editor`; returns the whole response body.
async fn update_raw(
    app: &TestApp,
    editor: &str,
    type_name: &str,
    id: &Value,
    version: i32,
    input: Value,
) -> Value {
    app.post_graphql_with(
        &format!("Bearer {editor}"),
        &update_query(type_name, "id"),
        json!({ "id": id, "v": version, "input": input }),
    )
    .await
    .1
}

/// Updates `created` from version 1 to 2 with `change`; then checks that a second update
/// from version 1 is a CONFLICT that leaves the record at version 2. Returns the update.
async fn update_then_conflict(
    app: &TestApp,
    editor: &str,
    type_name: &str,
    fields: &str,
    created: &Value,
    change: Value,
) -> Value {
    let id = &created["id"];
    let updated = app
        .query_as(
            editor,
            &update_query(type_name, fields),
            json!({ "id": id, "v": 1, "input": change }),
        )
        .await[format!("update{type_name}")]
    .clone();
    assert_eq!(updated["version"], 2, "{updated:#}");
    let stale = update_raw(app, editor, type_name, id, 1, json!({})).await;
    assert_eq!(error_code(&stale), "CONFLICT", "{stale:#}");
    let version = app
        .query_as(
            editor,
            &format!("query($id: ID!) {{ node(id: $id) {{ ... on {type_name} {{ version }} }} }}"),
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        version["node"]["version"], 2,
        "the stale write changed nothing"
    );
    updated
}

/// How many records the `list` query shows an editor, and how many audit entries exist.
async fn stored(app: &TestApp, list: &str) -> (u64, u64) {
    let admin = app.key(Role::Admin).await;
    let data = app
        .query_as(
            &admin,
            &format!("{{ {list} {{ totalCount }} auditLog {{ totalCount }} }}"),
            json!({}),
        )
        .await;
    (
        data[list]["totalCount"].as_u64().unwrap(),
        data["auditLog"]["totalCount"].as_u64().unwrap(),
    )
}

/// Creating `X` with `input` fails with BAD_USER_INPUT naming `field`, storing nothing.
async fn refused(
    app: &TestApp,
    editor: &str,
    type_name: &str,
    list: &str,
    input: Value,
    field: &str,
) {
    let before = stored(app, list).await;
    let (_, body) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            &format!(
                "mutation($input: Create{type_name}Input!) {{ create{type_name}(input: $input) {{ id }} }}"
            ),
            json!({ "input": input }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{field}: {body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("`{field}`")),
        "{field}: {message}"
    );
    assert_eq!(stored(app, list).await, before, "{field}: nothing stored");
}

/// The global id of the record of `list` with `slug`.
async fn id_of(app: &TestApp, list: &str, slug: &str) -> Value {
    let data = app
        .query_ok(
            &format!("{{ {list}(first: 50) {{ nodes {{ id slug }} }} }}"),
            json!({}),
        )
        .await;
    data[list]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["slug"] == slug)
        .unwrap_or_else(|| panic!("no {slug} in {list}"))["id"]
        .clone()
}

async fn agencies_are_created_and_updated(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let fields = "slug name abbreviation kind country description";
    let created = create(
        &app,
        &editor,
        "Agency",
        fields,
        json!({ "slug": "air-force-intelligence", "name": "Air Force Intelligence Directorate",
                "abbreviation": "AFID", "kind": "INTELLIGENCE", "country": "sy" }),
    )
    .await;
    assert_eq!(created["country"], "SY");
    let updated = update_then_conflict(
        &app,
        &editor,
        "Agency",
        fields,
        &created,
        json!({ "description": "One of four intelligence services.", "abbreviation": null }),
    )
    .await;
    assert_eq!(updated["description"], "One of four intelligence services.");
    assert!(updated["abbreviation"].is_null(), "null clears");
    for kept in ["slug", "name", "kind", "country"] {
        assert_eq!(updated[kept], created[kept], "{kept} stays");
    }
    refused(
        &app,
        &editor,
        "Agency",
        "agencies",
        json!({ "slug": "political-security", "name": "Political Security", "country": "Syria" }),
        "country",
    )
    .await;
    refused(
        &app,
        &editor,
        "Agency",
        "agencies",
        json!({ "slug": "air-force-intelligence", "name": "Duplicate" }),
        "slug",
    )
    .await;
    let (_, body) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            &update_query("Agency", "name"),
            json!({ "id": created["id"], "v": 2, "input": { "name": " " } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`name`")
    );
}

async fn organizations_are_created_updated_and_found_renamed(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let fields = "slug name abbreviation kind country url";
    let created = create(
        &app,
        &editor,
        "Organization",
        fields,
        json!({ "slug": "caesar-families", "name": "Caesar Families Association", "kind": "ASSOCIATION",
                "country": "de", "url": "https://caesarfamilies.org" }),
    )
    .await;
    let updated = update_then_conflict(
        &app,
        &editor,
        "Organization",
        fields,
        &created,
        json!({ "name": "Zeitoun Families Network", "kind": "NGO" }),
    )
    .await;
    assert_eq!(updated["name"], "Zeitoun Families Network");
    assert_eq!(updated["kind"], "NGO");
    for kept in ["slug", "abbreviation", "country", "url"] {
        assert_eq!(updated[kept], created[kept], "{kept} stays");
    }
    let search = r#"query($q: String!) { search(query: $q, types: [ORGANIZATION]) { nodes { record { ... on Organization { slug } } } } }"#;
    let found = app.query_ok(search, json!({ "q": "zeitoun" })).await;
    assert_eq!(
        found["search"]["nodes"][0]["record"]["slug"], "caesar-families",
        "search finds the new name at once: {found:#}"
    );
    let old = app.query_ok(search, json!({ "q": "caesar" })).await;
    assert!(
        old["search"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["record"]["slug"] != "caesar-families"),
        "the old name is no longer indexed: {old:#}"
    );
    refused(
        &app,
        &editor,
        "Organization",
        "organizations",
        json!({ "slug": "bad-site", "name": "Bad Site", "kind": "MEDIA", "url": "ftp://example.org" }),
        "url",
    )
    .await;
}

async fn sources_are_created_and_updated(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let snhr = id_of(&app, "organizations", "snhr").await;
    let fields = "slug title kind language url publisher { slug } publisherName published { edtf earliest latest }";
    let created = create(
        &app,
        &editor,
        "Source",
        fields,
        json!({ "slug": "snhr-report-2023", "title": "Annual report on arbitrary arrests", "kind": "REPORT",
                "publisherId": snhr, "language": "en", "published": "2023-01",
                "url": "https://snhr.org/report-2023" }),
    )
    .await;
    assert_eq!(created["publisher"]["slug"], "snhr");
    assert_eq!(
        created["published"],
        json!({ "edtf": "2023-01", "earliest": "2023-01-01", "latest": "2023-01-31" })
    );
    let updated = update_then_conflict(
        &app,
        &editor,
        "Source",
        fields,
        &created,
        json!({ "publisherId": null, "publisherName": "SNHR", "published": "2023-01-15" }),
    )
    .await;
    assert!(updated["publisher"].is_null());
    assert_eq!(updated["publisherName"], "SNHR");
    assert_eq!(updated["published"]["edtf"], "2023-01-15");
    for kept in ["slug", "title", "kind", "language", "url"] {
        assert_eq!(updated[kept], created[kept], "{kept} stays");
    }
    let base = json!({ "slug": "another-report", "title": "Another report", "kind": "REPORT" });
    for (change, field) in [
        (json!({ "url": "not a url" }), "url"),
        (json!({ "url": "javascript:alert(1)" }), "url"),
        (json!({ "published": "2023-13" }), "published"),
        (json!({ "title": "" }), "title"),
        (json!({ "publisherId": created["id"] }), "publisherId"),
    ] {
        let mut input = base.clone();
        for (k, v) in change.as_object().unwrap() {
            input[k] = v.clone();
        }
        refused(&app, &editor, "Source", "sources", input, field).await;
    }
    let body = update_raw(
        &app,
        &editor,
        "Source",
        &created["id"],
        2,
        json!({ "url": "www.example.org" }),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`url`")
    );
}

async fn trials_are_created_and_updated(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let court = id_of(&app, "organizations", "higher-regional-court-koblenz").await;
    let fields = "slug name country legalBasis caseReference status court { slug } period { edtf }";
    let created = create(
        &app,
        &editor,
        "Trial",
        fields,
        json!({ "slug": "koblenz-second-trial", "name": "Second Koblenz trial", "courtId": court,
                "country": "DE", "legalBasis": "UNIVERSAL_JURISDICTION", "status": "PENDING",
                "period": "2025" }),
    )
    .await;
    assert_eq!(created["court"]["slug"], "higher-regional-court-koblenz");
    let updated = update_then_conflict(
        &app,
        &editor,
        "Trial",
        fields,
        &created,
        json!({ "status": "ONGOING", "caseReference": "1 StE 3/25", "period": "2025-03/.." }),
    )
    .await;
    assert_eq!(updated["status"], "ONGOING");
    assert_eq!(updated["caseReference"], "1 StE 3/25");
    assert_eq!(updated["period"]["edtf"], "2025-03/..");
    for kept in ["slug", "name", "country", "legalBasis", "court"] {
        assert_eq!(updated[kept], created[kept], "{kept} stays");
    }
    let base = json!({ "slug": "another-trial", "name": "Another trial", "status": "PENDING" });
    for (change, field) in [
        (json!({ "period": "2012/2011" }), "period"),
        (json!({ "country": "Germany" }), "country"),
        (json!({ "courtId": created["id"] }), "courtId"),
    ] {
        let mut input = base.clone();
        for (k, v) in change.as_object().unwrap() {
            input[k] = v.clone();
        }
        refused(&app, &editor, "Trial", "trials", input, field).await;
    }
}

async fn branches_are_created_updated_and_never_nested_in_a_loop(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let agency = id_of(&app, "agencies", "general-intelligence-directorate").await;
    let fields = "slug name number kind city agency { slug } parent { slug }";
    let a = create(
        &app,
        &editor,
        "Branch",
        fields,
        json!({ "slug": "branch-285", "name": "Branch 285", "number": "285", "kind": "BRANCH",
                "agencyId": agency, "city": "Damascus" }),
    )
    .await;
    assert_eq!(a["agency"]["slug"], "general-intelligence-directorate");
    assert!(a["parent"].is_null());
    let b = create(
        &app,
        &editor,
        "Branch",
        fields,
        json!({ "slug": "branch-285-section", "name": "Branch 285 interrogation section",
                "kind": "SECTION", "agencyId": agency, "parentId": a["id"] }),
    )
    .await;
    assert_eq!(b["parent"]["slug"], "branch-285");
    let updated = update_then_conflict(
        &app,
        &editor,
        "Branch",
        fields,
        &a,
        json!({ "name": "Branch 285 (Interrogation)", "city": null }),
    )
    .await;
    assert_eq!(updated["name"], "Branch 285 (Interrogation)");
    assert!(updated["city"].is_null());
    for kept in ["slug", "number", "kind", "agency", "parent"] {
        assert_eq!(updated[kept], a[kept], "{kept} stays");
    }

    // A is the parent of B: B cannot become A's parent, nor A its own.
    for parent in [&b["id"], &a["id"]] {
        let body = update_raw(
            &app,
            &editor,
            "Branch",
            &a["id"],
            2,
            json!({ "parentId": parent }),
        )
        .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("`parentId`"),
            "{body:#}"
        );
    }
    // A deeper loop is refused too: C under B, then A under C.
    let c = create(
        &app,
        &editor,
        "Branch",
        fields,
        json!({ "slug": "branch-285-unit", "name": "Branch 285 unit", "agencyId": agency, "parentId": b["id"] }),
    )
    .await;
    let body = update_raw(
        &app,
        &editor,
        "Branch",
        &a["id"],
        2,
        json!({ "parentId": c["id"] }),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    // Moving B out from under A is fine.
    let moved = update_raw(
        &app,
        &editor,
        "Branch",
        &b["id"],
        1,
        json!({ "parentId": null }),
    )
    .await;
    assert!(moved.get("errors").is_none(), "{moved:#}");
    let current = app
        .query_ok(
            "query($id: ID!) { node(id: $id) { ... on Branch { version parent { slug } } } }",
            json!({ "id": a["id"] }),
        )
        .await;
    assert_eq!(
        current["node"],
        json!({ "version": 2, "parent": null }),
        "refused writes changed nothing"
    );

    // References of the wrong type, or to nothing, are refused naming the field.
    let base = json!({ "slug": "branch-999", "name": "Branch 999", "agencyId": agency });
    let missing = daleel::ids::encode_id(daleel::ids::NodeType::Agency, uuid::Uuid::new_v4());
    for (change, field) in [
        (json!({ "agencyId": a["id"] }), "agencyId"),
        (json!({ "agencyId": missing }), "agencyId"),
        (json!({ "parentId": agency }), "parentId"),
        (json!({ "agencyId": "not-an-id" }), "agencyId"),
        (json!({ "number": "x".repeat(33) }), "number"),
    ] {
        let mut input = base.clone();
        for (k, v) in change.as_object().unwrap() {
            input[k] = v.clone();
        }
        refused(&app, &editor, "Branch", "branches", input, field).await;
    }
    let body = update_raw(
        &app,
        &editor,
        "Branch",
        &b["id"],
        2,
        json!({ "parentId": agency }),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`parentId`")
    );
}

async fn readers_cannot_write_the_catalog(app: TestApp) {
    let analyst = app.key(Role::Analyst).await;
    let (_, body) = app
        .post_graphql_with(
            &format!("Bearer {analyst}"),
            r#"mutation { createAgency(input: { slug: "x", name: "X" }) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body:#}");
    let body = app
        .post_graphql(
            r#"mutation { createOrganization(input: { slug: "x", name: "X", kind: NGO }) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body:#}");
}

crate::backend_tests!(
    agencies_are_created_and_updated,
    organizations_are_created_updated_and_found_renamed,
    sources_are_created_and_updated,
    trials_are_created_and_updated,
    branches_are_created_updated_and_never_nested_in_a_loop,
    readers_cannot_write_the_catalog,
);
