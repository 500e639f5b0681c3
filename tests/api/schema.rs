//! The committed SDL matches the served schema, and the SDL reads as documentation.

use std::process::Command;

use serde_json::json;

use crate::helpers::{Backend, spawn_app};

const REGENERATE: &str = "run `cargo run -- schema > schema.graphql` and commit it";
const REGENERATE_FEDERATION: &str =
    "run `cargo run -- schema --federation > schema.federation.graphql` and commit it";

#[test]
fn the_committed_schema_matches_the_served_one() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .unwrap_or_else(|_| panic!("schema.graphql is missing: {REGENERATE}"));
    assert!(
        committed == daleel::graphql::sdl(),
        "schema.graphql has drifted from the code: {REGENERATE}"
    );
}

#[test]
fn the_committed_federation_schema_matches_the_served_one() {
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema.federation.graphql"
    ))
    .unwrap_or_else(|_| panic!("schema.federation.graphql is missing: {REGENERATE_FEDERATION}"));
    assert!(
        committed == daleel::graphql::federation_sdl(),
        "schema.federation.graphql has drifted from the code: {REGENERATE_FEDERATION}"
    );
}

#[test]
fn the_federation_schema_is_a_v2_subgraph_with_every_record_type_as_an_entity() {
    let sdl = daleel::graphql::federation_sdl();
    assert!(
        sdl.contains("extend schema @link(")
            && sdl.contains("url: \"https://specs.apollo.dev/federation/v2."),
        "the SDL does not link Federation v2:\n{sdl}"
    );
    let mut keyed: Vec<&str> = sdl
        .lines()
        .filter(|line| line.contains("@key(fields: \"id\")"))
        .filter_map(|line| line.strip_prefix("type ")?.split_whitespace().next())
        .collect();
    keyed.sort_unstable();
    // Every record type with a global id, from the table of record types.
    let mut expected: Vec<&str> = daleel::ids::NodeType::RECORDS
        .iter()
        .filter(|t| t.is_node())
        .map(|t| t.name())
        .collect();
    expected.sort_unstable();
    assert_eq!(keyed, expected);
    assert_eq!(keyed.len(), 18);
    // Federation finds the roots by their default names (there is no `schema` block).
    assert!(sdl.contains("\ntype Query {") && sdl.contains("\ntype Mutation {"));
}

#[test]
fn the_cli_prints_the_federation_schema() {
    let schema = Command::new(env!("CARGO_BIN_EXE_daleel"))
        .args(["schema", "--federation"])
        .output()
        .unwrap();
    assert!(schema.status.success());
    assert_eq!(
        String::from_utf8(schema.stdout).unwrap(),
        daleel::graphql::federation_sdl()
    );
}

#[test]
fn the_cli_prints_the_schema_and_explains_its_options() {
    let schema = Command::new(env!("CARGO_BIN_EXE_daleel"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(schema.status.success());
    assert_eq!(
        String::from_utf8(schema.stdout).unwrap(),
        daleel::graphql::sdl()
    );

    let help = Command::new(env!("CARGO_BIN_EXE_daleel"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for word in [
        "serve",
        "migrate",
        "seed",
        "schema",
        "--database-url",
        "DALEEL_DATABASE_URL",
        "--bind",
        "DALEEL_BIND",
        "--log-format",
        "DALEEL_LOG_FORMAT",
    ] {
        assert!(
            help.contains(word),
            "--help does not mention {word}:\n{help}"
        );
    }
}

#[tokio::test]
async fn every_type_and_field_has_a_description() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let data = app
        .query_ok(
            "{ __schema { types { name kind description fields { name description args { name description } } inputFields { name description } enumValues { name description } } } }",
            json!({}),
        )
        .await;
    // async-graphql's own federation types and fields, which it declares undescribed.
    const FEDERATION_TYPES: [&str; 2] = ["_Entity", "_Service"];
    const FEDERATION_FIELDS: [&str; 2] = ["Query._service", "Query._entities"];
    let mut missing = Vec::new();
    for t in data["__schema"]["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__")
            || ["String", "Int", "Float", "Boolean", "ID"].contains(&name)
            || FEDERATION_TYPES.contains(&name)
        {
            continue;
        }
        if t["description"].as_str().is_none_or(str::is_empty) {
            missing.push(name.to_owned());
        }
        for list in ["fields", "inputFields", "enumValues"] {
            for f in t[list].as_array().into_iter().flatten() {
                let field = format!("{name}.{}", f["name"].as_str().unwrap());
                if FEDERATION_FIELDS.contains(&field.as_str()) {
                    continue;
                }
                if f["description"].as_str().is_none_or(str::is_empty) {
                    missing.push(field.clone());
                }
                for arg in f["args"].as_array().into_iter().flatten() {
                    if arg["description"].as_str().is_none_or(str::is_empty) {
                        missing.push(format!("{field}({})", arg["name"].as_str().unwrap()));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:#?}");
}

/// Every foreign key has an index whose first column is the key (PostgreSQL's catalogue
/// says so directly; the same migrations create the same indexes on SQLite and MariaDB).
#[tokio::test]
async fn every_foreign_key_is_indexed() {
    let Some(app) = spawn_app(Backend::Postgres).await else {
        return;
    };
    let rows = sea_orm::ConnectionTrait::query_all_raw(
        &app.db,
        sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            r#"SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
               FROM pg_constraint c
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
               WHERE c.contype = 'f'
                 AND NOT EXISTS (SELECT 1 FROM pg_index i
                                 WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])"#,
        ),
    )
    .await
    .unwrap();
    let unindexed: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{}.{}",
                r.try_get::<String>("", "tbl").unwrap(),
                r.try_get::<String>("", "col").unwrap()
            )
        })
        .collect();
    assert!(
        unindexed.is_empty(),
        "foreign keys without an index: {unindexed:?}"
    );
    let count = sea_orm::ConnectionTrait::query_one_raw(
        &app.db,
        sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT COUNT(*) AS n FROM pg_constraint WHERE contype = 'f'",
        ),
    )
    .await
    .unwrap()
    .unwrap();
    assert!(
        count.try_get::<i64>("", "n").unwrap() >= 18,
        "the schema has its foreign keys"
    );
}
