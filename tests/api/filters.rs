//! Filters on the top-level lists: text on names and aliases, kinds, related ids, date bounds.

use serde_json::{Value, json};

use crate::helpers::TestApp;

fn slugs(data: &Value, list: &str) -> Vec<String> {
    let mut slugs: Vec<String> = data[list]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["slug"].as_str().unwrap().to_owned())
        .collect();
    slugs.sort();
    slugs
}

async fn text_matches_names_and_aliases_in_any_case(app: TestApp) {
    let query = "query($t: String) { persons(filter: { text: $t }) { nodes { slug } } }";
    for (text, expected) in [
        ("raslan", "anwar-raslan"),
        ("Anwar R.", "anwar-raslan"),
        ("رسلان", "anwar-raslan"),
        ("GHARIB", "eyad-al-gharib"),
    ] {
        let data = app.query_ok(query, json!({ "t": text })).await;
        assert_eq!(slugs(&data, "persons"), [expected], "{text}");
    }
    let data = app
        .query_ok(
            r#"{ facilities(filter: { text: "سجن الخطيب" }) { nodes { slug } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(slugs(&data, "facilities"), ["al-khatib-prison"]);
}

async fn kind_status_and_country_filters(app: TestApp) {
    let data = app
        .query_ok(
            r#"{ facilities(filter: { status: DEFUNCT, country: "sy" }) { nodes { slug } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(slugs(&data, "facilities"), ["al-khatib-prison"]);
    let data = app
        .query_ok(
            r#"{ organizations(filter: { kind: COURT }) { nodes { slug country } } }"#,
            json!({}),
        )
        .await;
    let courts = data["organizations"]["nodes"].as_array().unwrap();
    assert!(
        !courts.is_empty() && courts.iter().all(|c| c["country"] == "DE"),
        "{data:#}"
    );
    let data = app
        .query_ok(
            r#"{ persons(filter: { role: DEFENDANT }) { nodes { slug } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(slugs(&data, "persons"), ["anwar-raslan", "eyad-al-gharib"]);
}

async fn related_id_filters(app: TestApp) {
    let branch = app
        .query_ok(
            r#"{ branches(filter: { text: "Al-Khatib Branch" }) { nodes { id slug } } }"#,
            json!({}),
        )
        .await;
    let branch_id = &branch["branches"]["nodes"][0]["id"];
    let data = app
        .query_ok(
            "query($b: ID!) { facilities(filter: { branchId: $b }) { nodes { slug } } persons(filter: { branchId: $b }) { nodes { slug } } postings(filter: { branchId: $b }) { totalCount } }",
            json!({ "b": branch_id }),
        )
        .await;
    assert_eq!(slugs(&data, "facilities"), ["al-khatib-prison"]);
    assert_eq!(slugs(&data, "persons"), ["anwar-raslan", "eyad-al-gharib"]);
    assert!(data["postings"]["totalCount"].as_u64().unwrap() >= 3);
    let children = app
        .query_ok(
            "query($b: ID!) { branches(filter: { parentId: $b }) { nodes { kind } } }",
            json!({ "b": branch_id }),
        )
        .await;
    assert_eq!(children["branches"]["nodes"][0]["kind"], "DEPARTMENT");
}

async fn date_filters_use_the_fuzzy_bounds(app: TestApp) {
    let query = "query($from: Date, $to: Date) { verdicts(filter: { date: { from: $from, to: $to } }) { nodes { date { edtf } } } }";
    let dates = |data: Value| -> Vec<String> {
        data["verdicts"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["date"]["edtf"].as_str().unwrap().to_owned())
            .collect()
    };
    // "2021-01" means any day of January 2021: a range touching its last day matches.
    assert_eq!(
        dates(
            app.query_ok(query, json!({ "from": "2021-01-31", "to": "2021-02-15" }))
                .await
        ),
        ["2021-01"]
    );
    assert_eq!(
        dates(app.query_ok(query, json!({ "from": "2022-01-01" })).await),
        ["2022-01-13"]
    );
    assert!(
        dates(
            app.query_ok(query, json!({ "from": "2021-02-01", "to": "2021-12-31" }))
                .await
        )
        .is_empty()
    );
    // Raslan headed the department 2011-01/2012-09: a posting filter for mid-2012 finds it.
    let postings = app
        .query_ok(r#"{ postings(filter: { during: { from: "2012-06-01", to: "2012-06-30" }, role: "head_of_department" }) { nodes { person { slug } } } }"#, json!({}))
        .await;
    assert_eq!(
        postings["postings"]["nodes"][0]["person"]["slug"],
        "anwar-raslan"
    );
}

crate::backend_tests!(
    text_matches_names_and_aliases_in_any_case,
    kind_status_and_country_filters,
    related_id_filters,
    date_filters_use_the_fuzzy_bounds,
);
