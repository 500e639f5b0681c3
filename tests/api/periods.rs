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

crate::backend_tests!(
    inner_bounds_are_kept_on_every_way_in,
    active_at_answers_with_certainty,
);
