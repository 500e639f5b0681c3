//! The built-in dataset loads once, through the same door as every write; loading it
//! again changes nothing but what a corrected dataset fixes in records no one edited;
//! and it says no more than its sources.

use std::process::Command;

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::helpers::TestApp;

async fn loading_again_inserts_nothing(app: TestApp) {
    let before = entity::citation::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    assert!(
        before > 50,
        "the server seeded its empty database ({before} citations)"
    );
    let report = daleel::seed::load(&app.db, &app.evidence()).await.unwrap();
    assert_eq!(report.inserted, 0);
    assert_eq!(
        report.already_present as usize,
        daleel::seed::records().unwrap().len()
    );
    assert_eq!(
        entity::citation::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        before
    );
    let data = app
        .query_ok(
            r#"{ facilities { totalCount } trials { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data,
        json!({ "facilities": { "totalCount": 2 }, "trials": { "totalCount": 1 } })
    );
}

async fn every_built_in_record_is_cited(app: TestApp) {
    let data = app
        .query_ok(
            r#"{
              facilities { nodes { name citations { quote source { kind } } } } branches { nodes { name citations { quote source { kind } } } }
              agencies { nodes { name citations { quote source { kind } } } } persons { nodes { name citations { quote source { kind } } } }
              postings { nodes { role citations { quote source { kind } } } } trials { nodes { name citations { quote source { kind } } } }
              verdicts { nodes { outcome citations { quote source { kind } } charges { nodes { crime citations { quote source { kind } } } } } }
              organizations { nodes { name citations { quote source { kind } } } }
            }"#,
            json!({}),
        )
        .await;
    let mut uncited = Vec::new();
    for (list, value) in data.as_object().unwrap() {
        for node in value["nodes"].as_array().unwrap() {
            let mut nodes = vec![node.clone()];
            nodes.extend(
                node.get("charges")
                    .map(|c| c["nodes"].as_array().unwrap().clone())
                    .unwrap_or_default(),
            );
            for n in nodes {
                let citations = n["citations"].as_array().unwrap();
                if citations.is_empty()
                    || citations
                        .iter()
                        // Every citation quotes its source, but an editorial one, which
                        // says in its locator what the editors added.
                        .any(|c| {
                            c["quote"].as_str().is_none_or(str::is_empty)
                                && c["source"]["kind"] != "EDITORIAL"
                        })
                {
                    uncited.push(format!("{list}: {n}"));
                }
            }
        }
    }
    assert!(uncited.is_empty(), "{uncited:#?}");
}

#[test]
fn the_seed_command_is_idempotent() {
    let path =
        std::env::temp_dir().join(format!("daleel-seed-{}.db", uuid::Uuid::new_v4().simple()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_daleel"))
            .args(["seed", "--database-url", &url])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let first = run();
    let second = run();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    assert!(!first.contains(" 0 records inserted"), "{first}");
    assert!(second.contains(" 0 records inserted"), "{second}");
}

/// The corrections of the review: a date as precise as its source, a fact cited with the
/// source's own words, an editorial addition cited to an editorial source that says so.
async fn the_built_in_data_says_no_more_than_its_sources(app: TestApp) {
    let analyst = app.key(Role::Analyst).await;
    let data = app
        .query_as(
            &analyst,
            r#"query($verdict: ID!, $event: ID!) {
              facilities { nodes { slug
                latitude: citations(field: "latitude") { confidence source { kind } }
                longitude: citations(field: "longitude") { confidence source { kind } } } }
              persons { nodes { slug aliases { name citations { confidence source { kind } } } } }
              verdict: node(id: $verdict) { ... on Verdict { date { edtf } description citations(field: "date") { confidence } } }
              event: node(id: $event) { ... on Event { date { edtf } description } }
              sanctions { nodes { visibility citations { status } } }
            }"#,
            json!({
                "verdict": encode_id(NodeType::Verdict, seed_id("verdict", "verdict-al-gharib")),
                "event": encode_id(NodeType::Event, seed_id("event", "arrests-germany-2019")),
            }),
        )
        .await;
    for facility in data["facilities"]["nodes"].as_array().unwrap() {
        for field in ["latitude", "longitude"] {
            let citations = facility[field].as_array().unwrap();
            assert!(!citations.is_empty(), "{facility:#}");
            for c in citations {
                assert_eq!(
                    c["source"]["kind"], "EDITORIAL",
                    "no seed gives coordinates: {facility:#}"
                );
                assert_ne!(c["confidence"], "HIGH");
            }
        }
    }
    for person in data["persons"]["nodes"].as_array().unwrap() {
        for alias in person["aliases"].as_array().unwrap() {
            assert!(
                !alias["citations"].as_array().unwrap().is_empty(),
                "{alias:#}"
            );
        }
    }
    // "In January 2021": a month, in the source's words, from a secondary source.
    let verdict = &data["verdict"];
    assert_eq!(verdict["date"]["edtf"], "2021-01");
    assert!(
        verdict["description"]
            .as_str()
            .unwrap()
            .contains("In January 2021"),
        "{verdict:#}"
    );
    assert_eq!(verdict["citations"][0]["confidence"], "MEDIUM");
    // "At the beginning of 2019": the year, not January.
    let event = &data["event"];
    assert_eq!(event["date"]["edtf"], "2019");
    assert!(
        event["description"]
            .as_str()
            .unwrap()
            .contains("beginning of 2019"),
        "{event:#}"
    );
    // The sanction that rests on a section heading only waits for an editor.
    assert_eq!(data["sanctions"]["nodes"][0]["visibility"], "RESTRICTED");
    assert_eq!(
        data["sanctions"]["nodes"][0]["citations"][0]["status"],
        "NEEDS_REVIEW"
    );
}

/// A database loaded from an older dataset gets the corrections, but never over an
/// editor's change.
async fn a_corrected_dataset_updates_what_no_one_edited(app: TestApp) {
    // As an older dataset had it (written around the door, as an old release did).
    app.db
        .execute_unprepared(
            "UPDATE event SET date = '2019-01~' WHERE title LIKE '%arrested in Germany%'",
        )
        .await
        .unwrap();
    // An editor's own change to another built-in record.
    let editor = app.key(Role::Editor).await;
    let agency = encode_id(
        NodeType::Agency,
        seed_id("agency", "general-intelligence-directorate"),
    );
    let version = app
        .query_as(
            &editor,
            "query($a: ID!) { agency(id: $a) { version } }",
            json!({ "a": agency }),
        )
        .await["agency"]["version"]
        .clone();
    app.query_as(
        &editor,
        r#"mutation($a: ID!, $v: Int!) { updateAgency(id: $a, expectedVersion: $v, input: { description: "An editor's words." }) { id } }"#,
        json!({ "a": agency, "v": version }),
    )
    .await;

    let report = daleel::seed::load(&app.db, &app.evidence()).await.unwrap();
    assert!(report.updated >= 1, "{report:?}");
    assert_eq!(report.inserted, 0);
    assert_eq!(
        report.kept_edited, 1,
        "the editor's agency, said: {report:?}"
    );
    let data = app
        .query_ok(
            r#"query($a: ID!, $e: ID!) { agency(id: $a) { description } event: node(id: $e) { ... on Event { date { edtf } version } } }"#,
            json!({ "a": agency, "e": encode_id(NodeType::Event, seed_id("event", "arrests-germany-2019")) }),
        )
        .await;
    assert_eq!(data["event"]["date"]["edtf"], "2019", "{data:#}");
    assert_eq!(
        data["event"]["version"], 2,
        "a new version, in the audit log"
    );
    assert_eq!(data["agency"]["description"], "An editor's words.");
}

crate::backend_tests!(
    loading_again_inserts_nothing,
    every_built_in_record_is_cited,
    the_built_in_data_says_no_more_than_its_sources,
    a_corrected_dataset_updates_what_no_one_edited,
);
