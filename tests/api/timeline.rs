//! Events in date order across fuzzy dates, filtered by record, kind and range.

use chrono::Utc;
use sea_orm::{EntityTrait, IntoActiveModel};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::TestApp;

const TIMELINE: &str = r#"query($filter: TimelineFilter) {
  timeline(filter: $filter) { totalCount nodes { kind title date { edtf earliest latest } records { __typename } citations { quote } } }
}"#;

fn dates(data: &Value) -> Vec<String> {
    data["timeline"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"]["edtf"].as_str().unwrap_or("undated").to_owned())
        .collect()
}

async fn events_come_in_date_order_across_fuzzy_dates(app: TestApp) {
    let data = app.query_ok(TIMELINE, json!({})).await;
    let dates = dates(&data);
    for expected in [
        "2017",
        "2019",
        "2021-01",
        "2022-01-13",
        "2024",
        "2024-12-08",
        "2024-12-09",
    ] {
        assert!(
            dates.contains(&expected.to_owned()),
            "{expected} in {dates:?}"
        );
    }
    // Ordered by earliest bound, then latest: "2024" (all year) before "2024-12-08".
    let position = |d: &str| dates.iter().position(|x| x == d).unwrap();
    assert!(position("2017") < position("2019"));
    assert!(position("2019") < position("2021-01"));
    assert!(position("2021-01") < position("2022-01-13"));
    assert!(position("2024") < position("2024-12-08"));
    assert!(position("2024-12-08") < position("2024-12-09"));
    assert_eq!(
        dates.last().unwrap(),
        "undated",
        "undated events last: {dates:?}"
    );
    for event in data["timeline"]["nodes"].as_array().unwrap() {
        assert!(
            !event["citations"].as_array().unwrap().is_empty(),
            "{event:#}"
        );
        assert!(
            !event["records"].as_array().unwrap().is_empty(),
            "{event:#}"
        );
    }
}

async fn the_timeline_filters_by_record_kind_and_range(app: TestApp) {
    let sednaya = app
        .query_ok(
            r#"{ facilities(filter: { text: "sednaya" }) { nodes { id } } }"#,
            json!({}),
        )
        .await;
    let id = &sednaya["facilities"]["nodes"][0]["id"];
    let data = app
        .query_ok(TIMELINE, json!({ "filter": { "recordId": id } }))
        .await;
    assert_eq!(
        dates(&data),
        ["2017", "2024-12-08", "2024-12-09", "2024-12-09"]
    );

    let verdicts = app
        .query_ok(TIMELINE, json!({ "filter": { "kinds": ["VERDICT"] } }))
        .await;
    assert_eq!(dates(&verdicts), ["2021-01", "2022-01-13"]);

    let december = app
        .query_ok(
            TIMELINE,
            json!({ "filter": { "during": { "from": "2024-12-01", "to": "2024-12-31" } } }),
        )
        .await;
    // "2024" (the Al-Khatib closure) may have been in December too: overlapping counts.
    assert_eq!(
        dates(&december),
        ["2024", "2024-12-08", "2024-12-09", "2024-12-09"]
    );

    let person = app
        .query_ok(
            r#"{ persons(filter: { text: "raslan" }) { nodes { events { nodes { kind } } } } }"#,
            json!({}),
        )
        .await;
    let kinds: Vec<&str> = person["persons"]["nodes"][0]["events"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"ARREST") && kinds.contains(&"VERDICT"),
        "{kinds:?}"
    );
}

async fn hidden_events_are_not_listed_or_counted(app: TestApp) {
    let before = app
        .query_ok(
            r#"{ timeline { totalCount } eventCounts(by: YEAR) { key count } }"#,
            json!({}),
        )
        .await;
    let now = Utc::now();
    let event = entity::event::Model {
        translations: None,
        id: Uuid::new_v4(),
        created_at: now,
        updated_at: now,
        visibility: "confidential".into(),
        effective_visibility: "confidential".into(),
        version: 1,
        archived_at: None,
        kind: "arrest".into(),
        title: "A confidential arrest".into(),
        date: Some("2013".into()),
        date_earliest: chrono::NaiveDate::from_ymd_opt(2013, 1, 1),
        date_latest: chrono::NaiveDate::from_ymd_opt(2013, 12, 31),
        description: None,
    };
    entity::event::Entity::insert(event.into_active_model())
        .exec_without_returning(&app.db)
        .await
        .unwrap();
    let after = app
        .query_ok(
            r#"{ timeline { totalCount } eventCounts(by: YEAR) { key count } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        before, after,
        "a confidential event must not show in lists or counts"
    );
    let query = r#"{ timeline { totalCount } eventCounts(by: YEAR) { key count } }"#;
    let analyst = app
        .query_as(
            &app.key(daleel::service::access::Role::Analyst).await,
            query,
            json!({}),
        )
        .await;
    assert_eq!(before, analyst, "nor to analysts");
    let editor = app
        .query_as(
            &app.key(daleel::service::access::Role::Editor).await,
            query,
            json!({}),
        )
        .await;
    let total = |d: &Value| d["timeline"]["totalCount"].as_u64().unwrap();
    assert_eq!(total(&editor), total(&before) + 1, "editors see it");
    let year = editor["eventCounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["key"] == "2013")
        .cloned();
    assert_eq!(
        year.map(|b| b["count"].clone()),
        Some(json!(1)),
        "and count it"
    );
}

crate::backend_tests!(
    events_come_in_date_order_across_fuzzy_dates,
    the_timeline_filters_by_record_kind_and_range,
    hidden_events_are_not_listed_or_counted,
);
