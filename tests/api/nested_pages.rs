//! Nested pages read per parent (a LIMIT along an index on PostgreSQL and SQLite, the
//! window plan on MariaDB) give the same pages as the whole ordering would: a branch's
//! officers come by name, each once, hidden ones left out for the public, and they
//! follow a rename and a move at once (the posting's copy of its person's name is kept
//! in the write's transaction).

use daleel::ids::NodeType;
use daleel::seed::seed_id;
use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const OFFICERS: &str = r#"query($b: ID!, $first: Int, $after: String, $order: OrderBy) {
  branch(id: $b) { officers(first: $first, after: $after, orderBy: $order) {
    totalCount nodes { name } pageInfo { hasNextPage hasPreviousPage endCursor } } } }"#;

/// Officers without `totalCount`: the page is read without counting the list.
const OFFICERS_UNCOUNTED: &str = r#"query($b: ID!, $first: Int, $after: String) {
  branch(id: $b) { officers(first: $first, after: $after) {
    nodes { name } pageInfo { hasNextPage endCursor } } } }"#;

fn names(connection: &Value) -> Vec<String> {
    connection["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Creates a person named `name` and posts them in `branch`; returns the person's
/// and the posting's ids.
async fn post(
    app: &TestApp,
    editor: &str,
    branch: &str,
    name: &str,
    visibility: &str,
) -> (String, String) {
    let slug = name.to_lowercase().replace(' ', "-");
    let person = app
        .query_as(
            editor,
            r#"mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }"#,
            json!({ "i": { "slug": slug, "name": name, "roles": ["OFFICER"], "visibility": visibility } }),
        )
        .await["createPerson"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let posting = posting(app, editor, branch, &person).await;
    (person, posting)
}

async fn posting(app: &TestApp, editor: &str, branch: &str, person: &str) -> String {
    app.query_as(
        editor,
        r#"mutation($i: CreatePostingInput!) { createPosting(input: $i) { id } }"#,
        json!({ "i": { "personId": person, "branchId": branch, "role": "interrogator" } }),
    )
    .await["createPosting"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn officers(app: &TestApp, key: Option<&str>, variables: Value) -> Value {
    let body = match key {
        Some(key) => app.query_as(key, OFFICERS, variables).await,
        None => app.query_ok(OFFICERS, variables).await,
    };
    body["branch"]["officers"].clone()
}

async fn branch(app: &TestApp, editor: &str, slug: &str) -> String {
    let agency = daleel::ids::encode_id(
        NodeType::Agency,
        seed_id("agency", "general-intelligence-directorate"),
    );
    app.query_as(
        editor,
        r#"mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }"#,
        json!({ "i": { "slug": slug, "name": slug, "agencyId": agency } }),
    )
    .await["createBranch"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn a_branchs_officers_page_by_name_and_follow_renames_and_moves(app: TestApp) {
    let (editor, analyst) = (app.key(Role::Editor).await, app.key(Role::Analyst).await);
    let b = branch(&app, &editor, "branch-test-officers").await;
    let other = branch(&app, &editor, "branch-test-other").await;
    let mut people = Vec::new();
    for name in [
        "Zaid Test",
        "Adnan Test",
        "Maher Test",
        "Bassam Test",
        "Khaled Test",
    ] {
        people.push(post(&app, &editor, &b, name, "PUBLIC").await);
    }
    // A second posting in the same branch lists its person once.
    posting(&app, &editor, &b, &people[2].0).await;
    // A restricted officer is listed for analysts only.
    post(&app, &editor, &b, "Fadi Test", "RESTRICTED").await;

    let first = officers(&app, None, json!({ "b": b, "first": 2 })).await;
    assert_eq!(names(&first), ["Adnan Test", "Bassam Test"]);
    assert_eq!(first["totalCount"], 5);
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    assert_eq!(first["pageInfo"]["hasPreviousPage"], false);
    let second = officers(
        &app,
        None,
        json!({ "b": b, "first": 2, "after": first["pageInfo"]["endCursor"] }),
    )
    .await;
    assert_eq!(names(&second), ["Khaled Test", "Maher Test"]);
    assert_eq!(second["pageInfo"]["hasPreviousPage"], true);
    let third = officers(
        &app,
        None,
        json!({ "b": b, "first": 2, "after": second["pageInfo"]["endCursor"] }),
    )
    .await;
    assert_eq!(names(&third), ["Zaid Test"]);
    assert_eq!(third["pageInfo"]["hasNextPage"], false);
    let uncounted = app
        .query_ok(OFFICERS_UNCOUNTED, json!({ "b": b, "first": 5 }))
        .await["branch"]["officers"]
        .clone();
    assert_eq!(uncounted["nodes"].as_array().unwrap().len(), 5);
    assert_eq!(
        uncounted["pageInfo"]["hasNextPage"], false,
        "exactly a page"
    );
    let descending = officers(
        &app,
        None,
        json!({ "b": b, "first": 2, "order": { "field": "NAME", "direction": "DESC" } }),
    )
    .await;
    assert_eq!(names(&descending), ["Zaid Test", "Maher Test"]);

    let seen = officers(&app, Some(&analyst), json!({ "b": b, "first": 3 })).await;
    assert_eq!(
        names(&seen),
        ["Adnan Test", "Bassam Test", "Fadi Test"],
        "an analyst sees the restricted officer in its place"
    );
    assert_eq!(seen["totalCount"], 6);

    // Renamed, Zaid moves to the front; moved, Adnan leaves the branch.
    app.query_as(
        &editor,
        r#"mutation($id: ID!) { updatePerson(id: $id, expectedVersion: 1, input: { name: "Aaron Test" }) { version } }"#,
        json!({ "id": people[0].0 }),
    )
    .await;
    app.query_as(
        &editor,
        r#"mutation($id: ID!, $b: ID!) { updatePosting(id: $id, expectedVersion: 1, input: { branchId: $b }) { version } }"#,
        json!({ "id": people[1].1, "b": other }),
    )
    .await;
    let after = officers(&app, None, json!({ "b": b, "first": 3 })).await;
    assert_eq!(names(&after), ["Aaron Test", "Bassam Test", "Khaled Test"]);
    assert_eq!(after["totalCount"], 4);
    let front = officers(&app, None, json!({ "b": b, "first": 1 })).await;
    assert_eq!(
        names(&front),
        ["Aaron Test"],
        "the first page alone finds the renamed officer"
    );
    let moved = officers(&app, None, json!({ "b": other, "first": 3 })).await;
    assert_eq!(names(&moved), ["Adnan Test"]);

    // Archived, an officer leaves every page at once.
    let bassam = &people[3].0;
    app.query_as(
        &editor,
        "mutation($id: ID!) { archiveRecord(id: $id, expectedVersion: 1) }",
        json!({ "id": bassam }),
    )
    .await;
    let archived = officers(&app, None, json!({ "b": b, "first": 3 })).await;
    assert_eq!(
        names(&archived),
        ["Aaron Test", "Khaled Test", "Maher Test"]
    );
}

/// Nested pages of many parents at once, every slice, match the whole ordering read
/// one parent at a time: the per-parent statement cuts each parent's page by itself.
async fn pages_of_many_parents_match_each_parents_whole_list(app: TestApp) {
    let query = r#"query($first: Int, $after: String) { branches(first: 50) { nodes { id
      officers(first: $first, after: $after) { nodes { name } pageInfo { hasNextPage } } } } }"#;
    let whole = app.query_ok(query, json!({ "first": 100 })).await["branches"]["nodes"].clone();
    let whole = whole.as_array().unwrap();
    assert!(
        whole.iter().any(|b| names(&b["officers"]).len() >= 2),
        "a branch with officers"
    );
    for (first, after) in [(1, None), (2, None), (1, Some(0u64)), (3, Some(1))] {
        let cursor = after.map(|a| daleel::ids::encode_cursor("Person", a));
        let paged = app
            .query_ok(query, json!({ "first": first, "after": cursor }))
            .await["branches"]["nodes"]
            .clone();
        for (branch, full) in paged.as_array().unwrap().iter().zip(whole) {
            let all = names(&full["officers"]);
            let start = after.map_or(0, |a| a as usize + 1).min(all.len());
            let end = (start + first).min(all.len());
            assert_eq!(
                names(&branch["officers"]),
                all[start..end],
                "first {first} after {after:?}"
            );
            assert_eq!(
                branch["officers"]["pageInfo"]["hasNextPage"],
                end < all.len(),
                "first {first} after {after:?}"
            );
        }
    }
}

crate::backend_tests!(
    a_branchs_officers_page_by_name_and_follow_renames_and_moves,
    pages_of_many_parents_match_each_parents_whole_list,
);
