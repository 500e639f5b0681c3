//! The hot queries read large tables through indexes: on PostgreSQL, over a generated
//! S dataset (analyzed), EXPLAIN of every statement the dashboard, a search and a lookup
//! run shows no sequential scan of a large table.

use daleel::generate::generated_id;
use daleel::ids::{NodeType, encode_id};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::fixtures::generate_scale_s;
use crate::helpers::{Backend, spawn_app_with};
use crate::in_process::Recorder;

/// Tables that grow with the data: a scan of one of them is a missing index. (At S the
/// small tables, sources, verdicts, charges, operations, are cheaper to scan than to
/// probe, and PostgreSQL rightly does.)
const LARGE: [&str; 5] = ["citation", "name_key", "alias", "person", "posting"];

const DASHBOARD: &str = r#"{ facilities(first: 50) { totalCount nodes {
  name citations { quote source { title } }
  branches(first: 5) { nodes { name citations { quote source { title } }
    officers(first: 20) { nodes { name citations { quote source { title } }
      verdicts(first: 5) { nodes { outcome citations { quote source { title } }
        charges(first: 10) { nodes { crime citations { quote source { title } } } } } } } } } } } } }"#;

const SEARCH: &str =
    r#"{ search(query: "Khatib", first: 20) { totalCount nodes { matchedName score } } }"#;

const LOOKUP: &str = r#"query($id: ID!) { node(id: $id) { ... on Person {
  name aliases { name } postings(first: 5) { nodes { role branch { name } } } } } }"#;

#[tokio::test]
async fn hot_queries_use_indexes_on_postgres() {
    let Some(app) = spawn_app_with(Backend::Postgres, |s| s.no_seed = true).await else {
        return;
    };
    generate_scale_s(&app.db).await;

    // The statements each request sends, seen by a recording connection.
    let recorder = Recorder::connect(&app).await;
    let person = encode_id(NodeType::Person, generated_id(1, "person", 3));
    let mut statements = Vec::new();
    for (query, variables) in [
        (DASHBOARD, json!({})),
        (SEARCH, json!({})),
        (LOOKUP, json!({ "id": person })),
    ] {
        statements.extend(recorder.statements(query, variables).await);
    }
    let db = &recorder.db;

    assert!(statements.len() >= 15, "{} statements", statements.len());
    let mut scans = Vec::new();
    for statement in statements {
        let explain = Statement {
            sql: format!("EXPLAIN {}", statement.sql),
            ..statement.clone()
        };
        let plan: Vec<String> = db
            .query_all_raw(explain)
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get::<String>("", "QUERY PLAN").unwrap())
            .collect();
        for line in &plan {
            let scans_table = |t: &&&str| {
                line.contains(&format!("Seq Scan on {t} "))
                    || line.ends_with(&format!("Seq Scan on {t}"))
            };
            if let Some(table) = LARGE.iter().find(scans_table) {
                scans.push(format!("{table}: {}\n{}", statement.sql, plan.join("\n")));
            }
        }
    }
    assert!(
        scans.is_empty(),
        "sequential scans:\n{}",
        scans.join("\n\n")
    );
}
