//! The built-in dataset loads once, and loading it again changes nothing.

use std::process::Command;

use sea_orm::{EntityTrait, PaginatorTrait};
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
    let report = daleel::seed::load(&app.db).await.unwrap();
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

crate::backend_tests!(
    loading_again_inserts_nothing,
    every_built_in_record_is_cited
);
