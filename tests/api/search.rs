//! Search finds a record under any of its spellings, in Arabic or Latin script.

use serde_json::{Value, json};

use crate::fixtures::add_facilities;
use crate::helpers::{TestApp, error_code};

const SEARCH: &str = r#"query($q: String!, $types: [SearchableType!]) {
  search(query: $q, types: $types, first: 10) {
    totalCount
    nodes { matchedName score record { __typename
      ... on Facility { slug } ... on Branch { slug } ... on Person { slug } ... on Agency { slug } } }
  }
}"#;

async fn top_hit(app: &TestApp, query: &str, types: Value) -> Value {
    let data = app
        .query_ok(SEARCH, json!({ "q": query, "types": types }))
        .await;
    data["search"]["nodes"][0].clone()
}

async fn every_spelling_finds_the_record(app: TestApp) {
    for (query, slug) in [
        ("Al Khatib", "al-khatib-prison"),
        ("al-Khatib", "al-khatib-prison"),
        ("Khatib", "al-khatib-prison"),
        ("الخطيب", "al-khatib-prison"),
        ("سجن الخطيب", "al-khatib-prison"),
        ("Saydnaya", "sednaya-prison"),
        ("صيدنايا", "sednaya-prison"),
        ("Raslan", "anwar-raslan"),
        ("Rislan", "anwar-raslan"),
        ("رسلان", "anwar-raslan"),
        ("Iyad al Gharib", "eyad-al-gharib"),
        ("الغريب", "eyad-al-gharib"),
    ] {
        let types = json!(["FACILITY", "PERSON"]);
        let hit = top_hit(&app, query, types).await;
        assert_eq!(hit["record"]["slug"], slug, "{query} → {hit:#}");
        assert!(hit["score"].as_f64().unwrap() > 0.0);
    }
    // Branch 251 by its number and by its Arabic name.
    for query in ["251", "فرع الخطيب", "al khatib branch"] {
        let hit = top_hit(&app, query, json!(["BRANCH"])).await;
        assert_eq!(hit["record"]["slug"], "branch-251", "{query} → {hit:#}");
    }
}

async fn spelling_variants_rank_below_exact_names(app: TestApp) {
    // Neither "Rasslan" nor "Raslaan" is stored: they match by consonant skeleton only.
    for variant in ["Rasslan", "Raslaan"] {
        let hit = top_hit(&app, variant, json!(["PERSON"])).await;
        assert_eq!(hit["record"]["slug"], "anwar-raslan", "{variant}");
        let exact = top_hit(&app, "Anwar Raslan", json!(["PERSON"])).await;
        assert!(hit["score"].as_f64().unwrap() < exact["score"].as_f64().unwrap());
        assert_eq!(exact["score"], 1.0);
    }
}

async fn search_does_not_reveal_restricted_people(app: TestApp) {
    for query in ["Fayyad", "Feras Fayyad", "فراس فياض", "Firas"] {
        let data = app.query_ok(SEARCH, json!({ "q": query })).await;
        let slugs: Vec<&Value> = data["search"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| &n["record"]["slug"])
            .collect();
        assert!(
            !slugs.contains(&&json!("feras-fayyad")),
            "{query}: {data:#}"
        );
    }
}

async fn search_pages_and_types_and_bad_queries(app: TestApp) {
    add_facilities(&app.db, 0, 0).await;
    let all = app.query_ok(SEARCH, json!({ "q": "khatib" })).await;
    let total = all["search"]["totalCount"].as_u64().unwrap();
    assert!(total >= 3, "{all:#}");
    let facilities = app
        .query_ok(SEARCH, json!({ "q": "khatib", "types": ["FACILITY"] }))
        .await;
    assert!(
        facilities["search"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["record"]["__typename"] == "Facility")
    );

    let page = r#"query($after: String) { search(query: "khatib", first: 1, after: $after) { nodes { matchedName } pageInfo { endCursor hasNextPage } } }"#;
    let first = app.query_ok(page, json!({})).await;
    let cursor = first["search"]["pageInfo"]["endCursor"].clone();
    let second = app.query_ok(page, json!({ "after": cursor })).await;
    assert_ne!(first["search"]["nodes"][0], second["search"]["nodes"][0]);

    // Nothing to search for once folded: wildcards, punctuation and invisible marks alone.
    for bad in ["", "  ", "---", "%", "_", "\u{200f}\u{200b}"] {
        let body = app.post_graphql(SEARCH, json!({ "q": bad })).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{bad:?}: {body:#}");
    }
    // SQL in a query is just words to look for.
    for literal in [
        "' OR 1=1 --",
        "kh%b",
        "k_atib",
        "x'); DROP TABLE facility; --",
    ] {
        let data = app.query_ok(SEARCH, json!({ "q": literal })).await;
        assert_eq!(data["search"]["totalCount"], 0, "{literal}");
    }
}

async fn search_keys_follow_new_records(app: TestApp) {
    // Records stored after start-up are found once their names are indexed, which every
    // write of a name or alias does in its transaction.
    let synthetic = add_facilities(&app.db, 3, 0).await;
    daleel::service::search::reindex(&app.db, &synthetic.facilities)
        .await
        .unwrap();
    let hit = top_hit(&app, "facility 002", json!(["FACILITY"])).await;
    assert_eq!(hit["record"]["slug"], "facility-002", "{hit:#}");
}

crate::backend_tests!(
    every_spelling_finds_the_record,
    spelling_variants_rank_below_exact_names,
    search_does_not_reveal_restricted_people,
    search_pages_and_types_and_bad_queries,
    search_keys_follow_new_records,
);
