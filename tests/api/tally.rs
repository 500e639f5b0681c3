//! `postingCounts` without a filter is answered from the tally the domain layer keeps in
//! each write's transaction. It must say what counting the postings live says, after any
//! write: a posting created, moved to another branch, given a new role, hidden with its
//! person, archived and restored; for the public and for analysts; over the built-in data
//! and over data loaded in bulk.

use std::collections::BTreeMap;

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::fixtures::add_facilities;
use crate::helpers::TestApp;

/// Each grouping from the tally, and the same counted live: a filter that keeps every
/// posting (`during` any time, or none) is not empty, so it is counted from the postings.
const COUNTS: &str = r#"{
  branch: postingCounts(by: BRANCH) { key label count }
  agency: postingCounts(by: AGENCY) { key label count }
  role: postingCounts(by: ROLE) { key label count }
}"#;

fn by_key(buckets: &Value) -> BTreeMap<String, (String, u64)> {
    buckets
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["key"].as_str().unwrap().to_owned(),
                (
                    b["label"].as_str().unwrap().to_owned(),
                    b["count"].as_u64().unwrap(),
                ),
            )
        })
        .collect()
}

/// The postings counted live, per branch, agency and role, by reading every branch's
/// postings with their roles and agencies (as `key` sees them).
async fn live(app: &TestApp, key: Option<&str>) -> [BTreeMap<String, u64>; 3] {
    let query = r#"{ branches(first: 100) { nodes { id agency { id }
      postings(first: 100) { totalCount nodes { role } } } } }"#;
    let body = match key {
        Some(key) => app.query_as(key, query, json!({})).await,
        None => app.query_ok(query, json!({})).await,
    };
    let (mut branches, mut agencies, mut roles) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for branch in body["branches"]["nodes"].as_array().unwrap() {
        let postings = &branch["postings"];
        let total = postings["totalCount"].as_u64().unwrap();
        assert!(total <= 100, "the test reads every posting of a branch");
        if total == 0 {
            continue;
        }
        branches.insert(branch["id"].as_str().unwrap().to_owned(), total);
        if let Some(agency) = branch["agency"]["id"].as_str() {
            *agencies.entry(agency.to_owned()).or_default() += total;
        }
        for posting in postings["nodes"].as_array().unwrap() {
            let role = posting["role"].as_str().unwrap().to_owned();
            *roles.entry(role).or_default() += 1;
        }
    }
    [branches, agencies, roles]
}

async fn tallied(app: &TestApp, key: Option<&str>) -> [BTreeMap<String, u64>; 3] {
    let body = match key {
        Some(key) => app.query_as(key, COUNTS, json!({})).await,
        None => app.query_ok(COUNTS, json!({})).await,
    };
    let counts = |name: &str| -> BTreeMap<String, u64> {
        by_key(&body[name])
            .into_iter()
            .map(|(k, (_, n))| (k, n))
            .collect()
    };
    [counts("branch"), counts("agency"), counts("role")]
}

/// Asserts that the tally says what the postings say, for the public and an analyst.
async fn assert_tally_matches(app: &TestApp, analyst: &str, after: &str) {
    for key in [None, Some(analyst)] {
        let role_keys = |mut sets: [BTreeMap<String, u64>; 3]| {
            // Role buckets are keyed by the role's GraphQL value (upper case).
            sets[2] = std::mem::take(&mut sets[2])
                .into_iter()
                .map(|(k, n)| (k.to_uppercase(), n))
                .collect();
            sets
        };
        assert_eq!(
            role_keys(tallied(app, key).await),
            role_keys(live(app, key).await),
            "after {after}, as {}",
            key.map_or("the public", |_| "an analyst")
        );
    }
}

async fn the_tally_follows_every_kind_of_write(app: TestApp) {
    let (editor, analyst) = (app.key(Role::Editor).await, app.key(Role::Analyst).await);
    assert_tally_matches(&app, &analyst, "loading the built-in data").await;

    let branch_251 = encode_id(NodeType::Branch, seed_id("branch", "branch-251"));
    let department = encode_id(
        NodeType::Branch,
        seed_id("branch", "branch-251-investigation-department"),
    );
    let person = app
        .query_as(
            &editor,
            r#"mutation { createPerson(input: { slug: "tally-officer", name: "Tally Officer", roles: [OFFICER] }) { id } }"#,
            json!({}),
        )
        .await["createPerson"]["id"]
        .clone();
    let created = app
        .query_as(
            &editor,
            r#"mutation($p: ID!, $b: ID!) { createPosting(input: { personId: $p, branchId: $b, role: "guard" }) { id } }"#,
            json!({ "p": person, "b": branch_251 }),
        )
        .await["createPosting"]["id"]
        .clone();
    assert_tally_matches(&app, &analyst, "a posting created").await;

    app.query_as(
        &editor,
        r#"mutation($id: ID!, $b: ID!) { updatePosting(id: $id, expectedVersion: 1, input: { branchId: $b, role: "driver" }) { version } }"#,
        json!({ "id": created, "b": department }),
    )
    .await;
    assert_tally_matches(&app, &analyst, "a posting moved and given a new role").await;

    app.set_visibility("Person", person.as_str().unwrap(), "RESTRICTED")
        .await;
    let public = tallied(&app, None).await;
    let seen = tallied(&app, Some(&analyst)).await;
    assert_eq!(
        seen[2].get("DRIVER").copied().unwrap_or(0),
        public[2].get("DRIVER").copied().unwrap_or(0) + 1,
        "the restricted person's posting is counted for analysts only"
    );
    assert_tally_matches(&app, &analyst, "its person restricted").await;

    app.query_as(
        &editor,
        "mutation($id: ID!) { archiveRecord(id: $id, expectedVersion: 2) }",
        json!({ "id": created }),
    )
    .await;
    assert_tally_matches(&app, &analyst, "the posting archived").await;
    app.query_as(
        &editor,
        "mutation($id: ID!) { restoreRecord(id: $id, expectedVersion: 3) { id } }",
        json!({ "id": created }),
    )
    .await;
    assert_tally_matches(&app, &analyst, "the posting restored").await;

    // Rows loaded in bulk (past the domain layer, as `daleel generate` writes) are
    // counted by the load's finishing statements.
    add_facilities(&app.db, 3, 4).await;
    assert_tally_matches(&app, &analyst, "a bulk load").await;
}

/// A filter that keeps every posting is counted live, and agrees with the tally.
async fn a_filter_is_counted_live_and_agrees(app: TestApp) {
    let body = app
        .query_ok(
            r#"{ tallied: postingCounts(by: BRANCH) { key count }
                 live: postingCounts(by: BRANCH, filter: { during: { from: "0001-01-01", to: "9999-12-31" } }) { key count }
                 undated: postingCounts(by: BRANCH, filter: { rank: "nonexistent" }) { key count } }"#,
            json!({}),
        )
        .await;
    assert!(!body["tallied"].as_array().unwrap().is_empty());
    assert_eq!(body["undated"], json!([]), "a filter is applied");
    for bucket in body["live"].as_array().unwrap() {
        let tallied = body["tallied"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["key"] == bucket["key"])
            .expect("every branch counted live is in the tally");
        assert!(tallied["count"].as_u64() >= bucket["count"].as_u64());
    }
}

/// `daleel check`, with or without `--repair`, over the test's database.
fn check(app: &TestApp, repair: bool) -> (bool, String) {
    let out = app.command(if repair {
        &["check", "--repair"]
    } else {
        &["check"]
    });
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A tally or a name copy changed past the domain layer (by hand, or a partial restore)
/// is found by `daleel check`, and `--repair` recounts it from the records.
async fn a_tally_edited_by_hand_is_found_and_repaired(app: TestApp) {
    let analyst = app.key(Role::Analyst).await;
    let (passed, out) = check(&app, false);
    assert!(passed, "the built-in data passes: {out}");
    app.db
        .execute_unprepared("UPDATE posting_tally SET postings = postings + 5")
        .await
        .unwrap();
    app.db
        .execute_unprepared("UPDATE posting SET person_name = 'someone else'")
        .await
        .unwrap();
    let (passed, out) = check(&app, false);
    assert!(!passed, "{out}");
    assert!(
        out.contains("posting tally of Branch ") && out.contains("kept"),
        "{out}"
    );
    assert!(out.contains("copy of its person's name"), "{out}");
    // The chart disagrees with the lists until the repair.
    assert_ne!(tallied(&app, None).await[0], live(&app, None).await[0]);
    let (passed, out) = check(&app, true);
    assert!(passed, "{out}");
    assert!(out.contains("0 finding"), "{out}");
    assert_tally_matches(&app, &analyst, "a repair").await;
}

crate::backend_tests!(
    the_tally_follows_every_kind_of_write,
    a_filter_is_counted_live_and_agrees,
    a_tally_edited_by_hand_is_found_and_repaired,
);
