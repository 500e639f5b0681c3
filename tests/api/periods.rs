//! The inner bounds of periods (the last day a posting or a facility's operation can
//! have begun, the first day it can have ended) are kept by the door from the EDTF
//! text, on every way in: the built-in data, a write and a change of period, and a
//! database from before them, which start-up fills. They are what "certainly active
//! at a date" will be asked of (`src/period.rs`).

use chrono::NaiveDate;
use daleel::seed::seed_id;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::TestApp;

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The stored inner bounds of `table`'s row `id`.
async fn inner(app: &TestApp, table: &str, id: Uuid) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let backend = app.db.get_database_backend();
    let id_value: sea_orm::Value = id.into();
    let placeholder = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT period_start_latest, period_end_earliest FROM {table} WHERE id = {placeholder}"
            ),
            [id_value],
        ))
        .await
        .unwrap()
        .expect("the row");
    (
        row.try_get_by_index(0).unwrap(),
        row.try_get_by_index(1).unwrap(),
    )
}

async fn inner_bounds_are_kept_on_every_way_in(app: TestApp) {
    // The built-in data: Anwar Raslan headed the Investigation Department 2011-01/2012-09.
    let raslan = seed_id("posting", "posting-raslan-investigation-department");
    assert_eq!(
        inner(&app, "posting", raslan).await,
        (day(2011, 1, 31), day(2012, 9, 1))
    );
    // A posting with no period has none.
    let command = seed_id("posting", "posting-raslan-branch-251-command");
    assert_eq!(inner(&app, "posting", command).await, (None, None));

    // A write, and a change of period: open and unknown ends.
    let editor = app.key(daleel::service::access::Role::Editor).await;
    let person = daleel::ids::encode_id(
        daleel::ids::NodeType::Person,
        seed_id("person", "anwar-raslan"),
    );
    let branch = daleel::ids::encode_id(
        daleel::ids::NodeType::Branch,
        seed_id("branch", "branch-251"),
    );
    let created = app
        .query_as(
            &editor,
            "mutation($i: CreatePostingInput!) { createPosting(input: $i) { id version } }",
            json!({ "i": { "personId": person, "branchId": branch, "role": "officer", "period": "2010-05/.." } }),
        )
        .await;
    let id = created["createPosting"]["id"].as_str().unwrap().to_owned();
    let uuid = daleel::ids::decode_id(&id).unwrap().1;
    assert_eq!(inner(&app, "posting", uuid).await, (day(2010, 5, 31), None));
    app.query_as(
        &editor,
        "mutation($id: ID!, $i: UpdatePostingInput!) { updatePosting(id: $id, expectedVersion: 1, input: $i) { id } }",
        json!({ "id": id, "i": { "period": "/2013-02-10" } }),
    )
    .await;
    assert_eq!(
        inner(&app, "posting", uuid).await,
        (day(2013, 2, 10), day(2013, 2, 10))
    );

    // A database from before the columns: start-up fills them again.
    app.db
        .execute_unprepared(
            "UPDATE posting SET period_start_latest = NULL, period_end_earliest = NULL",
        )
        .await
        .unwrap();
    let out = app.command(&["migrate"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        inner(&app, "posting", raslan).await,
        (day(2011, 1, 31), day(2012, 9, 1))
    );
    assert_eq!(
        inner(&app, "posting", uuid).await,
        (day(2013, 2, 10), day(2013, 2, 10))
    );
}

/// `activeAt` says what the sources allow: Anwar Raslan's posting as head of the
/// Investigation Department (2011-01/2012-09) is certainly active in 2012-03, only
/// possibly in 2012-09 (it may have ended on the 1st), and not in 2012-10.
async fn active_at_answers_with_certainty(app: TestApp) {
    let raslan = daleel::ids::encode_id(
        daleel::ids::NodeType::Posting,
        seed_id("posting", "posting-raslan-investigation-department"),
    );
    let undated = daleel::ids::encode_id(
        daleel::ids::NodeType::Posting,
        seed_id("posting", "posting-raslan-branch-251-command"),
    );
    let query = r#"query($id: ID!, $undated: ID!) {
      p: node(id: $id) { ... on Posting { march: activeAt(at: "2012-03") september: activeAt(at: "2012-09")
        october: activeAt(at: "2012-10") summer: activeAt(at: "2011-06/2011-08") year: activeAt(at: "2011") } }
      u: node(id: $undated) { ... on Posting { activeAt(at: "2012") } }
    }"#;
    let body = app
        .query_ok(query, json!({ "id": raslan, "undated": undated }))
        .await;
    assert_eq!(
        body["p"],
        json!({ "march": "CERTAIN", "september": "POSSIBLE", "october": null, "summer": "CERTAIN", "year": "POSSIBLE" })
    );
    // No period: not placed at any date.
    assert_eq!(body["u"]["activeAt"], json!(null));

    // A date that is not EDTF is refused, naming the argument.
    let body = app
        .post_graphql(
            r#"query($id: ID!) { node(id: $id) { ... on Posting { activeAt(at: "March 2012") } } }"#,
            json!({ "id": raslan }),
        )
        .await;
    let error = crate::helpers::single_error(&body);
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{body}");
    assert!(
        error["message"].as_str().unwrap().contains("`at`"),
        "{body}"
    );
}

/// Periods of every shape in one branch, to list at dates of every shape.
const PERIODS: &[&str] = &[
    "2011-01/2012-09",
    "2012-09-15/..",
    "../2013",
    "2012",
    "2013/2014",
    "2011~/2012-09-03?",
    "/2012-09-10",
    "2012-09-05/",
    "201X/2015",
];

/// Dates asked about: a month, a day, a year, an interval, open intervals.
const DATES: &[&str] = &[
    "2012-09",
    "2012-09-12",
    "2012",
    "2011-06/2011-08",
    "2012-09-20/..",
    "../2010",
    "2016",
];

/// `Branch.personnel(at:)` and `postings(at:)` list exactly the postings whose
/// `activeAt` is not null (`CERTAIN` only when asked), each with the same certainty:
/// the SQL condition and the rule agree on every shape of period and of date. An
/// undated posting is never listed; `certainty` without `at` is refused.
async fn lists_at_a_date_keep_what_the_rule_keeps(app: TestApp) {
    let editor = app.key(daleel::service::access::Role::Editor).await;
    let agency = daleel::ids::encode_id(
        daleel::ids::NodeType::Agency,
        seed_id("agency", "general-intelligence-directorate"),
    );
    let person = daleel::ids::encode_id(
        daleel::ids::NodeType::Person,
        seed_id("person", "anwar-raslan"),
    );
    let branch = app
        .query_as(
            &editor,
            "mutation($i: CreateBranchInput!) { createBranch(input: $i) { id } }",
            json!({ "i": { "slug": "branch-test-periods", "name": "Periods", "agencyId": agency } }),
        )
        .await["createBranch"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut periods: Vec<Option<&str>> = PERIODS.iter().copied().map(Some).collect();
    periods.push(None);
    for period in &periods {
        app.query_as(
            &editor,
            "mutation($i: CreatePostingInput!) { createPosting(input: $i) { id } }",
            json!({ "i": { "personId": person, "branchId": branch, "role": "officer", "period": period } }),
        )
        .await;
    }

    let query = r#"query($b: ID!, $at: String!, $c: Certainty) { node(id: $b) { ... on Branch {
        all: postings(first: 50) { nodes { id activeAt(at: $at) certainty } }
        personnel(at: $at, certainty: $c, first: 50) { totalCount nodes { id certainty activeAt(at: $at) } }
        postings(at: $at, certainty: $c, first: 50) { nodes { id certainty } }
    } } }"#;
    let mut seen_certain = 0;
    let mut seen_possible = 0;
    for at in DATES {
        for wanted in ["POSSIBLE", "CERTAIN"] {
            let body = app
                .query_ok(query, json!({ "b": branch, "at": at, "c": wanted }))
                .await;
            let node = &body["node"];
            let all = node["all"]["nodes"].as_array().unwrap();
            assert_eq!(all.len(), periods.len());
            // Outside a dated list a posting has no certainty.
            assert!(all.iter().all(|p| p["certainty"].is_null()), "{body}");
            let expected: Vec<(String, String)> = all
                .iter()
                .filter(|p| match (p["activeAt"].as_str(), wanted) {
                    (Some(_), "POSSIBLE") => true,
                    (Some(c), _) => c == "CERTAIN",
                    (None, _) => false,
                })
                .map(|p| {
                    (
                        p["id"].as_str().unwrap().to_owned(),
                        p["activeAt"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            let listed = |list: &serde_json::Value| -> Vec<(String, String)> {
                list["nodes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| {
                        (
                            p["id"].as_str().unwrap().to_owned(),
                            p["certainty"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect()
            };
            let mut personnel = listed(&node["personnel"]);
            let mut postings = listed(&node["postings"]);
            let mut expected = expected;
            for list in [&mut personnel, &mut postings, &mut expected] {
                list.sort();
            }
            assert_eq!(personnel, expected, "personnel at {at} ({wanted}): {body}");
            assert_eq!(postings, expected, "postings at {at} ({wanted}): {body}");
            assert_eq!(node["personnel"]["totalCount"], json!(expected.len()));
            seen_certain += expected.iter().filter(|(_, c)| c == "CERTAIN").count();
            seen_possible += expected.iter().filter(|(_, c)| c == "POSSIBLE").count();
        }
    }
    // The table reaches both answers and leaves some postings out.
    assert!(seen_certain > 0 && seen_possible > 0);

    // A person's postings and a facility's operations take the same arguments.
    let body = app
        .query_ok(
            r#"query($p: ID!) { node(id: $p) { ... on Person {
                march: postings(at: "2012-03") { nodes { role certainty } }
                september: postings(at: "2012-09", certainty: CERTAIN) { nodes { role } }
            } } }"#,
            json!({ "p": person }),
        )
        .await;
    let roles = |list: &serde_json::Value| -> Vec<String> {
        list["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["role"].as_str().unwrap().to_owned())
            .collect()
    };
    // In March 2012 Raslan certainly headed the Investigation Department; the test
    // branch's postings are his too (the same person), those active then included.
    let march = &body["node"]["march"]["nodes"];
    assert!(
        march
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["role"] == "head_of_department" && p["certainty"] == "CERTAIN"),
        "{body}"
    );
    assert!(
        !roles(&body["node"]["september"]).contains(&"head_of_department".to_owned()),
        "{body}"
    );

    let facility = daleel::ids::encode_id(
        daleel::ids::NodeType::Facility,
        seed_id("facility", "al-khatib-prison"),
    );
    for period in ["2011/2013", "2014"] {
        app.query_as(
            &editor,
            "mutation($i: CreateFacilityOperationInput!) { createFacilityOperation(input: $i) { id } }",
            json!({ "i": { "facilityId": facility, "branchId": branch, "period": period } }),
        )
        .await;
    }
    let body = app
        .query_ok(
            r#"query($f: ID!) { node(id: $f) { ... on Facility {
                all: operations { nodes { id activeAt(at: "2012") } }
                then: operations(at: "2012") { nodes { id certainty } }
                before: operations(at: "1950") { totalCount }
            } } }"#,
            json!({ "f": facility }),
        )
        .await;
    let node = &body["node"];
    let expected: Vec<_> = node["all"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| !o["activeAt"].is_null())
        .map(|o| (o["id"].clone(), o["activeAt"].clone()))
        .collect();
    let then: Vec<_> = node["then"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["id"].clone(), o["certainty"].clone()))
        .collect();
    assert_eq!(then, expected, "{body}");
    assert_eq!(then.len(), 1, "{body}");
    assert_eq!(then[0].1, "CERTAIN", "{body}");
    assert_eq!(node["before"]["totalCount"], json!(0), "{body}");

    // `certainty` alone, or a date that is not EDTF, is refused with what to fix.
    for (args, needle) in [("certainty: CERTAIN", "`at`"), ("at: \"soon\"", "`at`")] {
        let body = app
            .post_graphql(
                &format!(r#"query($p: ID!) {{ node(id: $p) {{ ... on Person {{ postings({args}) {{ totalCount }} }} }} }}"#),
                json!({ "p": person }),
            )
            .await;
        let error = crate::helpers::single_error(&body);
        assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{body}");
        assert!(
            error["message"].as_str().unwrap().contains(needle),
            "{body}"
        );
    }
}

crate::backend_tests!(
    inner_bounds_are_kept_on_every_way_in,
    active_at_answers_with_certainty,
    lists_at_a_date_keep_what_the_rule_keeps,
);
