//! Dashboard numbers computed in SQL: `[{ key, label, count }]`, one statement each.

use serde_json::{Value, json};

use crate::fixtures::add_facilities;
use crate::helpers::TestApp;

fn counts(buckets: &Value) -> Vec<(String, u64)> {
    buckets
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["key"].as_str().unwrap().to_owned(),
                b["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

async fn counts_by_every_grouping(app: TestApp) {
    let data = app
        .query_ok(
            r#"{
              outcome: verdictCounts(by: OUTCOME) { key label count }
              year: verdictCounts(by: YEAR) { key label count }
              branch: postingCounts(by: BRANCH) { key label count }
              agency: postingCounts(by: AGENCY) { key label count }
              status: facilityCounts(by: STATUS) { key label count }
              kind: eventCounts(by: KIND) { key count }
              eventYear: eventCounts(by: YEAR) { key count }
              metric: statisticCounts(by: METRIC) { key count }
            }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["outcome"],
        json!([{ "key": "CONVICTED", "label": "Convicted", "count": 2 }])
    );
    assert_eq!(
        counts(&data["year"]),
        [("2021".into(), 1), ("2022".into(), 1)]
    );
    assert_eq!(data["branch"][0]["label"], "Al-Khatib Branch");
    assert_eq!(
        data["agency"][0]["label"],
        "General Intelligence Directorate"
    );
    let branch_total: u64 = counts(&data["branch"]).iter().map(|(_, n)| n).sum();
    assert_eq!(
        counts(&data["agency"])[0].1,
        branch_total,
        "every posting's branch belongs to the one agency"
    );
    // Bucket keys of records are their global ids.
    let branch_id = data["branch"][0]["key"].as_str().unwrap();
    let node = app
        .query_ok(
            "query($id: ID!) { node(id: $id) { ... on Branch { name } } }",
            json!({ "id": branch_id }),
        )
        .await;
    assert_eq!(node["node"]["name"], "Al-Khatib Branch");
    assert_eq!(
        counts(&data["status"]),
        [("DEFUNCT".into(), 1), ("UNKNOWN".into(), 1)]
    );
    assert!(counts(&data["kind"]).contains(&("VERDICT".into(), 2)));
    let years = counts(&data["eventYear"]);
    assert!(years.contains(&("2024".into(), 4)), "{years:?}");
    assert_eq!(
        years.last().unwrap().0,
        "UNKNOWN",
        "undated events are counted, last"
    );
    assert_eq!(
        counts(&data["metric"]).iter().map(|(_, n)| n).sum::<u64>(),
        9
    );
}

async fn counts_take_the_list_filters_and_cost_one_statement(app: TestApp) {
    add_facilities(&app.db, 12, 2).await;
    let query = r#"{ facilityCounts(by: COUNTRY, filter: { city: "Homs" }) { key count }
                     verdictCounts(by: YEAR, filter: { date: { from: "2023-01-01" } }) { key count } }"#;
    let (data, statements) = app.count_statements(query, json!({})).await;
    assert_eq!(
        data["facilityCounts"],
        json!([{ "key": "SY", "count": 12 }])
    );
    assert_eq!(
        data["verdictCounts"],
        json!([{ "key": "2023", "count": 24 }])
    );
    assert_eq!(statements, 2, "one GROUP BY per count");
}

crate::backend_tests!(
    counts_by_every_grouping,
    counts_take_the_list_filters_and_cost_one_statement
);
