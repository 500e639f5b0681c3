//! The graph as it was: a record read `asOf` an instant hands the instant to everything
//! read through it (relations, dated lists, citations, their records), and a list
//! `asOf` an instant filters its records as they were. Versions follow every write,
//! visibility holds in time and now, and a database whose versions are lost gets
//! them back from its audit log when a server starts.

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::TestApp;

async fn create(app: &TestApp, key: &str, mutation: &str, input: Value) -> String {
    let input_type = format!("{}{}Input", mutation[..1].to_uppercase(), &mutation[1..]);
    let body = app
        .query_as(
            key,
            &format!("mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ id }} }}"),
            json!({ "i": input }),
        )
        .await;
    body[mutation]["id"].as_str().unwrap().to_owned()
}

/// The instant of the last version of `id` (a version's `at` is an instant `asOf` finds).
async fn last_at(app: &TestApp, key: &str, id: &str) -> String {
    let body = app
        .query_as(
            key,
            r#"query($id: ID!) { node(id: $id) {
              ... on Posting { history(last: 1) { nodes { at } } }
              ... on Person { history(last: 1) { nodes { at } } }
              ... on Citation { history(last: 1) { nodes { at } } } } }"#,
            json!({ "id": id }),
        )
        .await;
    body["node"]["history"]["nodes"][0]["at"]
        .as_str()
        .unwrap()
        .to_owned()
}

const BRANCH: &str = r#"query($id: ID!, $at: DateTime) { node(id: $id, asOf: $at) { ... on Branch {
  slug
  postings { totalCount nodes { role person { name } citations { quote source { slug } } } }
  personnel(at: "2011") { nodes { role certainty } }
} } }"#;

/// The postings of branch `id` as of `at`, as `(role, person's name)`, and the whole answer.
async fn postings_of(
    app: &TestApp,
    key: Option<&str>,
    id: &str,
    at: Option<&str>,
) -> (Vec<(String, String)>, Value) {
    let vars = json!({ "id": id, "at": at });
    let body = match key {
        Some(key) => app.query_as(key, BRANCH, vars).await,
        None => app.query_ok(BRANCH, vars).await,
    };
    let node = body["node"].clone();
    let postings: Vec<(String, String)> = node["postings"]["nodes"]
        .as_array()
        .map(|nodes| {
            nodes
                .iter()
                .map(|p| {
                    (
                        p["role"].as_str().unwrap_or_default().to_owned(),
                        p["person"]["name"]
                            .as_str()
                            .unwrap_or("(hidden)")
                            .to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(total) = node["postings"]["totalCount"].as_u64() {
        assert_eq!(total as usize, postings.len(), "{node:#}");
    }
    (postings, node)
}

fn pair(role: &str, name: &str) -> (String, String) {
    (role.to_owned(), name.to_owned())
}

/// Postings move, names are corrected, a citation is added, a posting is archived: as
/// of each instant, a branch lists the postings it had then, each with its person's
/// name then and its citations then; a list filters as it was; a record restricted
/// today takes its past with it; and versions lost are rebuilt from the audit log.
async fn the_graph_reads_as_it_was(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let analyst = app.key(Role::Analyst).await;
    let agency = encode_id(
        NodeType::Agency,
        seed_id("agency", "general-intelligence-directorate"),
    );
    let source = encode_id(
        NodeType::Source,
        seed_id("source", "snhr-statement-2022-01-13"),
    );
    let branch = |slug: &str| json!({ "slug": slug, "name": slug, "agencyId": agency });
    let one = create(&app, &editor, "createBranch", branch("as-of-one")).await;
    let two = create(&app, &editor, "createBranch", branch("as-of-two")).await;
    let person =
        |slug: &str, name: &str| json!({ "slug": slug, "name": name, "roles": ["OFFICER"] });
    let officer = create(
        &app,
        &editor,
        "createPerson",
        person("as-of-officer", "First Name"),
    )
    .await;
    let posting = create(
        &app,
        &editor,
        "createPosting",
        json!({ "personId": officer, "branchId": one, "role": "officer", "period": "2010/2013" }),
    )
    .await;
    let t1 = last_at(&app, &editor, &posting).await;

    // A correction of the person's name, and of where the posting was.
    app.query_as(
        &editor,
        r#"mutation($id: ID!) { updatePerson(id: $id, expectedVersion: 1, input: { name: "Corrected Name" }, reason: "spelling") { version } }"#,
        json!({ "id": officer }),
    )
    .await;
    app.query_as(
        &editor,
        r#"mutation($id: ID!, $b: ID!) { updatePosting(id: $id, expectedVersion: 1, input: { branchId: $b, role: "investigator" }, reason: "the source says branch two") { version } }"#,
        json!({ "id": posting, "b": two }),
    )
    .await;
    let t2 = last_at(&app, &editor, &posting).await;

    // A second posting in branch one, cited.
    let second = create(
        &app,
        &editor,
        "createPerson",
        person("as-of-second", "Second Officer"),
    )
    .await;
    let guard = create(
        &app,
        &editor,
        "createPosting",
        json!({ "personId": second, "branchId": one, "role": "guard", "period": "2012" }),
    )
    .await;
    let citation = app
        .query_as(
            &editor,
            r#"mutation($r: ID!, $s: ID!) { addCitation(input: { recordId: $r, sourceId: $s, confidence: HIGH, quote: "a guard there" }) { id } }"#,
            json!({ "r": guard, "s": source }),
        )
        .await["addCitation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let t3 = last_at(&app, &editor, &citation).await;
    app.query_as(
        &editor,
        r#"mutation($id: ID!) { archiveRecord(id: $id, expectedVersion: 1, reason: "duplicate") }"#,
        json!({ "id": guard }),
    )
    .await;
    let t4 = chrono::Utc::now().to_rfc3339();

    // Branch one as of t1: the officer, by the name he had then, active in 2011.
    let (listed, node) = postings_of(&app, Some(&analyst), &one, Some(&t1)).await;
    assert_eq!(listed, [pair("officer", "First Name")], "{node:#}");
    assert_eq!(
        node["personnel"]["nodes"],
        json!([{ "role": "officer", "certainty": "CERTAIN" }])
    );
    assert_eq!(
        postings_of(&app, Some(&analyst), &two, Some(&t1)).await.0,
        []
    );
    // As of t2, he had moved to branch two, under his corrected name.
    assert_eq!(
        postings_of(&app, Some(&analyst), &one, Some(&t2)).await.0,
        []
    );
    assert_eq!(
        postings_of(&app, Some(&analyst), &two, Some(&t2)).await.0,
        [pair("investigator", "Corrected Name")]
    );
    // As of t3, branch one has the guard, with the citation added by then.
    let (listed, node) = postings_of(&app, Some(&analyst), &one, Some(&t3)).await;
    assert_eq!(listed, [pair("guard", "Second Officer")], "{node:#}");
    assert_eq!(
        node["postings"]["nodes"][0]["citations"],
        json!([{ "quote": "a guard there", "source": { "slug": "snhr-statement-2022-01-13" } }])
    );
    // The guard's posting before its citation existed had none.
    let guard_created = {
        let body = app
            .query_as(
                &editor,
                r#"query($id: ID!, $at: DateTime!) { node(id: $id, asOf: $at) { ... on Posting { history(first: 1) { nodes { at } } } } }"#,
                json!({ "id": guard, "at": t3 }),
            )
            .await;
        body["node"]["history"]["nodes"][0]["at"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (_, node) = postings_of(&app, Some(&analyst), &one, Some(&guard_created)).await;
    assert_eq!(
        node["postings"]["nodes"][0]["citations"],
        json!([]),
        "{node:#}"
    );
    // Archived at t4, and now: gone from the branch.
    assert_eq!(
        postings_of(&app, Some(&analyst), &one, Some(&t4)).await.0,
        []
    );
    assert_eq!(postings_of(&app, Some(&analyst), &one, None).await.0, []);
    // Before the branch existed, there was no branch.
    let before = chrono::DateTime::parse_from_rfc3339(&t1).unwrap() - chrono::Duration::hours(1);
    let (_, node) = postings_of(&app, Some(&analyst), &one, Some(&before.to_rfc3339())).await;
    assert!(node.is_null(), "{node:#}");

    // A person as of t1 leads to the branch of then; a list filters as it was.
    let body = app
        .query_as(
            &analyst,
            r#"query($id: ID!, $at: DateTime!) { node(id: $id, asOf: $at) { ... on Person { name postings { nodes { role branch { slug } } } } } }"#,
            json!({ "id": officer, "at": t1 }),
        )
        .await;
    assert_eq!(
        body["node"],
        json!({ "name": "First Name", "postings": { "nodes": [{ "role": "officer", "branch": { "slug": "as-of-one" } }] } })
    );
    let filtered = r#"query($b: ID!, $at: DateTime) { postings(asOf: $at, filter: { branchId: $b }) { totalCount nodes { role } } }"#;
    let body = app
        .query_as(&analyst, filtered, json!({ "b": one, "at": t1 }))
        .await;
    assert_eq!(
        body["postings"],
        json!({ "totalCount": 1, "nodes": [{ "role": "officer" }] })
    );
    let body = app
        .query_as(&analyst, filtered, json!({ "b": one, "at": null }))
        .await;
    assert_eq!(body["postings"]["totalCount"], 0, "{body:#}");

    // A name filter as of an instant matches the name then, not today's.
    let named = r#"query($at: DateTime!, $n: String!) { persons(asOf: $at, filter: { text: $n }) { nodes { slug } } }"#;
    for (name, expected) in [
        ("first name", json!([{ "slug": "as-of-officer" }])),
        ("corrected", json!([])),
    ] {
        let body = app
            .query_as(&analyst, named, json!({ "at": t1, "n": name }))
            .await;
        assert_eq!(body["persons"]["nodes"], expected, "{name}");
    }

    // The officer restricted today: the public no longer reads his past postings,
    // through any record; analysts still do.
    app.query_as(
        &editor,
        r#"mutation($id: ID!) { updatePerson(id: $id, expectedVersion: 2, input: { visibility: RESTRICTED }, reason: "at risk") { version } }"#,
        json!({ "id": officer }),
    )
    .await;
    let (listed, node) = postings_of(&app, None, &one, Some(&t1)).await;
    assert_eq!(listed, [], "{node:#}");
    assert_eq!(node["slug"], "as-of-one");
    assert_eq!(
        postings_of(&app, Some(&analyst), &one, Some(&t1)).await.0,
        [pair("officer", "First Name")]
    );

    // Versions lost (a database from before they were kept) are rebuilt from the audit
    // log by the next server to start, and answer the same.
    for node in NodeType::RECORDS {
        app.db
            .execute_unprepared(&format!("DELETE FROM {}_version", node.table()))
            .await
            .unwrap();
    }
    let peer = app.spawn_peer().await;
    for (branch, at, expected) in [
        (&one, &t1, vec![pair("officer", "First Name")]),
        (&two, &t2, vec![pair("investigator", "Corrected Name")]),
        (&one, &t3, vec![pair("guard", "Second Officer")]),
        (&one, &t4.clone(), vec![]),
    ] {
        assert_eq!(
            postings_of(&peer, Some(&analyst), branch, Some(at)).await.0,
            expected,
            "rebuilt, as of {at}"
        );
    }
}

/// As of now, the graph reads as the live graph does, field for field, in as many
/// statements: the versions hold every record as it stands, and reading them costs no
/// statement more.
async fn as_of_now_reads_as_the_live_graph(app: TestApp) {
    let query = r#"query($id: ID!, $at: DateTime) { node(id: $id, asOf: $at) { ... on Branch {
      name version parent { name agency { name } }
      children { nodes { name } }
      postings(orderBy: { field: DATE }) { totalCount nodes { role period { edtf } certainty
        person { name aliases { name } postings { nodes { branch { name } } } }
        citations { quote source { title } } } }
      personnel(at: "2011-06") { nodes { role certainty } }
      commanders(at: "2012") { nodes { role } }
      facilities { nodes { name operations { nodes { period { edtf } branch { name } } } } }
      timeline(first: 20) { totalCount nodes { date { edtf } record { __typename } } }
      citations { quote }
    } } }"#;
    for slug in ["branch-251", "branch-251-investigation-department"] {
        let id = encode_id(NodeType::Branch, seed_id("branch", slug));
        let (live, live_statements) = app
            .count_statements(query, json!({ "id": id, "at": null }))
            .await;
        let now = chrono::Utc::now().to_rfc3339();
        let (then, then_statements) = app
            .count_statements(query, json!({ "id": id, "at": now }))
            .await;
        assert!(live["node"]["name"].is_string(), "{live:#}");
        assert_eq!(then, live, "{slug} as of now");
        assert_eq!(then_statements, live_statements, "{slug}: statements");
    }
}

crate::backend_tests!(the_graph_reads_as_it_was, as_of_now_reads_as_the_live_graph);
