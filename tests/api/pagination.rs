//! Relay pagination: pages in order, no gaps or repeats, both directions, at every level.

use serde_json::{Value, json};

use crate::fixtures::add_facilities;
use crate::helpers::{TestApp, error_code};

const PAGE: &str = r#"
query($first: Int, $after: String, $last: Int, $before: String) {
  facilities(first: $first, after: $after, last: $last, before: $before, filter: { city: "Homs" }) {
    totalCount
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"#;

fn names(data: &Value) -> Vec<String> {
    data["facilities"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn forward_pages_cover_the_list_once(app: TestApp) {
    add_facilities(&app.db, 25, 0).await;
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let data = app
            .query_ok(PAGE, json!({ "first": 10, "after": after }))
            .await;
        assert_eq!(data["facilities"]["totalCount"], 25);
        seen.extend(names(&data));
        pages += 1;
        let info = &data["facilities"]["pageInfo"];
        assert_eq!(info["hasPreviousPage"], pages > 1);
        if info["hasNextPage"] == false {
            break;
        }
        after = Some(info["endCursor"].as_str().unwrap().to_owned());
    }
    let expected: Vec<String> = (0..25).map(|i| format!("Facility {i:03}")).collect();
    assert_eq!(pages, 3);
    assert_eq!(seen, expected);
}

async fn backward_pages_mirror_forward_ones(app: TestApp) {
    add_facilities(&app.db, 25, 0).await;
    let last = app.query_ok(PAGE, json!({ "last": 10 })).await;
    let expected: Vec<String> = (15..25).map(|i| format!("Facility {i:03}")).collect();
    assert_eq!(names(&last), expected);
    assert_eq!(last["facilities"]["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(last["facilities"]["pageInfo"]["hasNextPage"], false);

    let before = last["facilities"]["pageInfo"]["startCursor"]
        .as_str()
        .unwrap();
    let previous = app
        .query_ok(PAGE, json!({ "last": 10, "before": before }))
        .await;
    let expected: Vec<String> = (5..15).map(|i| format!("Facility {i:03}")).collect();
    assert_eq!(names(&previous), expected);

    // A cursor points at the same record whichever direction produced it.
    let first = app.query_ok(PAGE, json!({ "first": 16 })).await;
    assert_eq!(
        first["facilities"]["edges"][15]["cursor"],
        last["facilities"]["edges"][0]["cursor"]
    );
}

async fn a_page_past_the_end_is_empty_but_counted(app: TestApp) {
    add_facilities(&app.db, 3, 0).await;
    let all = app.query_ok(PAGE, json!({ "first": 3 })).await;
    let end = all["facilities"]["pageInfo"]["endCursor"].as_str().unwrap();
    let data = app
        .query_ok(PAGE, json!({ "first": 5, "after": end }))
        .await;
    assert_eq!(data["facilities"]["edges"], json!([]));
    assert_eq!(data["facilities"]["totalCount"], 3);
    assert_eq!(data["facilities"]["pageInfo"]["hasNextPage"], false);
    assert_eq!(data["facilities"]["pageInfo"]["hasPreviousPage"], true);
}

async fn nested_lists_are_paged_per_parent(app: TestApp) {
    add_facilities(&app.db, 3, 7).await;
    let query = r#"query($after: String) {
      branches(filter: { text: "Branch 00" }) { nodes { name officers(first: 3, after: $after) {
        totalCount nodes { name } pageInfo { hasNextPage endCursor } } } }
    }"#;
    let data = app.query_ok(query, json!({})).await;
    let branches = data["branches"]["nodes"].as_array().unwrap();
    assert_eq!(branches.len(), 3);
    for branch in branches {
        let officers = &branch["officers"];
        assert_eq!(officers["totalCount"], 7, "{branch:#}");
        assert_eq!(officers["nodes"].as_array().unwrap().len(), 3);
        assert_eq!(officers["pageInfo"]["hasNextPage"], true);
        // Every branch's officers are its own.
        let number = &branch["name"].as_str().unwrap()[7..];
        assert!(
            officers["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|o| o["name"].as_str().unwrap().contains(number))
        );
    }
    let after = branches[0]["officers"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap();
    let next = app.query_ok(query, json!({ "after": after })).await;
    let second: Vec<&str> = next["branches"]["nodes"][0]["officers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        second,
        ["Officer 000-03", "Officer 000-04", "Officer 000-05"]
    );
}

async fn order_by_name_and_date_in_both_directions(app: TestApp) {
    add_facilities(&app.db, 4, 0).await;
    let query = r#"query($order: OrderBy) { facilities(orderBy: $order, filter: { city: "Homs" }) { nodes { name } } }"#;
    let desc = app
        .query_ok(
            query,
            json!({ "order": { "field": "NAME", "direction": "DESC" } }),
        )
        .await;
    let names: Vec<&str> = desc["facilities"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Facility 003",
            "Facility 002",
            "Facility 001",
            "Facility 000"
        ]
    );

    let verdicts = app
        .query_ok(r#"{ verdicts(orderBy: { field: DATE, direction: DESC }) { nodes { date { edtf } } } }"#, json!({}))
        .await;
    let dates: Vec<&str> = verdicts["verdicts"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["date"]["edtf"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2022-01-13", "2021-01"]);
}

async fn page_sizes_outside_the_cap_are_refused(app: TestApp) {
    for (args, field) in [
        ("first: -1", "first"),
        ("first: 101", "first"),
        ("last: 500", "last"),
    ] {
        let body = app
            .post_graphql(
                &format!("{{ facilities({args}) {{ totalCount }} }}"),
                json!({}),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains(field) && message.contains("100"),
            "{message}"
        );
        assert_eq!(body["data"]["facilities"], Value::Null);
    }
    // Nested lists have the same cap.
    let body = app
        .post_graphql(
            "{ facilities { nodes { branches(first: 1000) { totalCount } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body:#}"
    );
}

async fn malformed_and_foreign_cursors_are_refused(app: TestApp) {
    let person_cursor = app
        .query_ok("{ persons(first: 1) { edges { cursor } } }", json!({}))
        .await["persons"]["edges"][0]["cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    for cursor in ["not-a-cursor", "", &person_cursor] {
        let body = app
            .post_graphql(PAGE, json!({ "first": 1, "after": cursor }))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{cursor}: {body:#}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("cursor")
        );
    }
}

crate::backend_tests!(
    forward_pages_cover_the_list_once,
    backward_pages_mirror_forward_ones,
    a_page_past_the_end_is_empty_but_counted,
    nested_lists_are_paged_per_parent,
    order_by_name_and_date_in_both_directions,
    page_sizes_outside_the_cap_are_refused,
    malformed_and_foreign_cursors_are_refused,
);
