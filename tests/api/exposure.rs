//! No hidden name in visible text: a write that would show the name (or any alias) of a
//! person hidden from some readers in text those readers see is refused, naming the
//! field and what to do; `daleel check` finds what got around the door.

use std::process::Command;

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};

const CREATE_FACILITY: &str =
    r#"mutation($input: CreateFacilityInput!) { createFacility(input: $input) { id } }"#;

fn facility(slug: &str, description: &str, visibility: &str) -> Value {
    json!({ "input": {
        "slug": slug, "name": "A detention centre", "kind": "DETENTION_CENTER",
        "status": "UNKNOWN", "description": description, "visibility": visibility
    } })
}

async fn a_hidden_persons_name_in_public_text_is_refused(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let auth = format!("Bearer {editor}");
    // The restricted witness's name, in any spelling or script the search folds.
    for (n, text) in [
        "Feras Fayyad described the cells.",
        "As FIRAS FAYYAD said",
        "شهادة فراس فياض",
        "Firas  Fayyād testified",
    ]
    .iter()
    .enumerate()
    {
        let (_, body) = app
            .post_graphql_with(
                &auth,
                CREATE_FACILITY,
                facility(&format!("centre-{n}"), text, "PUBLIC"),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{text}: {body:#}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.starts_with("`description`:"), "{message}");
        assert!(message.contains("restrict this record"), "{message}");
    }
    // A first name alone is no name.
    let data = app
        .query_as(
            &editor,
            CREATE_FACILITY,
            facility("centre-first-name", "Feras, a guard, said so.", "PUBLIC"),
        )
        .await;
    assert!(!data["createFacility"]["id"].is_null());
    // Restricted to the witness's own level, the text may name him.
    let data = app
        .query_as(
            &editor,
            CREATE_FACILITY,
            facility(
                "centre-restricted",
                "Feras Fayyad described the cells.",
                "RESTRICTED",
            ),
        )
        .await;
    assert!(!data["createFacility"]["id"].is_null());
    // A public officer may be named in public.
    let data = app
        .query_as(
            &editor,
            CREATE_FACILITY,
            facility("centre-officer", "Anwar Raslan ran it.", "PUBLIC"),
        )
        .await;
    assert!(!data["createFacility"]["id"].is_null());

    // Citations and posting titles are text too.
    let trial = encode_id(NodeType::Trial, seed_id("trial", "koblenz-trial"));
    let source = encode_id(
        NodeType::Source,
        seed_id("source", "encyclopedia-al-khatib-prison"),
    );
    let (_, body) = app
        .post_graphql_with(
            &auth,
            r#"mutation($r: ID!, $s: ID!) { addCitation(input: { recordId: $r, sourceId: $s, quote: "Feras Fayyad testified as the first witness", confidence: HIGH }) { id } }"#,
            json!({ "r": trial, "s": source }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("`quote`:")
    );
    let (_, body) = app
        .post_graphql_with(
            &auth,
            r#"mutation($p: ID!, $b: ID!) { createPosting(input: { personId: $p, branchId: $b, role: "guard", title: "guarded Firas Fayyad" }) { id } }"#,
            json!({
                "p": encode_id(NodeType::Person, seed_id("person", "anwar-raslan")),
                "b": encode_id(NodeType::Branch, seed_id("branch", "branch-251")),
            }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("`title`:")
    );
}

async fn the_built_in_data_passes_every_check(app: TestApp) {
    let out = Command::new(env!("CARGO_BIN_EXE_daleel"))
        .args(["check", "--database-url", app.database_url()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(": 0 finding(s)"), "{stdout}");
}

async fn check_finds_a_hidden_name_written_around_the_door(app: TestApp) {
    // Written straight into the database, as an old import or a hand edit could have.
    app.db
        .execute_unprepared(
            "UPDATE trial SET description = 'Feras Fayyad testified as the first witness.' WHERE slug = 'koblenz-trial'",
        )
        .await
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_daleel"))
        .args(["check", "--database-url", app.database_url()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    let person = encode_id(NodeType::Person, seed_id("person", "feras-fayyad"));
    let trial = encode_id(NodeType::Trial, seed_id("trial", "koblenz-trial"));
    assert!(
        stdout
            .lines()
            .any(|l| l.contains(&trial) && l.contains("`description`") && l.contains(&person)),
        "{stdout}"
    );
}

/// A write that makes other records visible is held to the rule on their text too: a
/// restricted source's citation may quote the witness, until the source is made public.
async fn making_a_record_visible_shows_no_hidden_name_either(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let source = encode_id(
        NodeType::Source,
        seed_id("source", "snhr-statement-2022-01-13"),
    );
    let trial = encode_id(NodeType::Trial, seed_id("trial", "koblenz-trial"));
    app.set_visibility("Source", &source, "RESTRICTED").await;
    let citation = app
        .query_as(
            &editor,
            r#"mutation($r: ID!, $s: ID!) { addCitation(input: { recordId: $r, sourceId: $s, quote: "Feras Fayyad testified as the first witness", confidence: HIGH }) { id } }"#,
            json!({ "r": trial, "s": source }),
        )
        .await["addCitation"]["id"]
        .clone();
    assert!(
        !citation.is_null(),
        "allowed while only analysts may read it"
    );
    let version = app
        .query_as(
            &editor,
            "query($s: ID!) { source(id: $s) { version } }",
            json!({ "s": source }),
        )
        .await["source"]["version"]
        .clone();
    let (_, body) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            "mutation($s: ID!, $v: Int!) { updateSource(id: $s, expectedVersion: $v, input: { visibility: PUBLIC }) { id } }",
            json!({ "s": source, "v": version }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("`quote`:"), "{message}");
    assert!(
        message.contains(citation.as_str().unwrap()),
        "names the citation: {message}"
    );
    // Nothing changed: the source is still restricted.
    let public = app
        .query_ok(
            "query($s: ID!) { source(id: $s) { id } }",
            json!({ "s": source }),
        )
        .await;
    assert!(public["source"].is_null());
}

/// An event about a restricted person may name them: it is as hidden as the person.
async fn an_event_about_a_hidden_person_may_name_them(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let event = app
        .query_as(
            &editor,
            r#"mutation($p: ID!) { createEvent(input: { kind: ARREST, title: "Arrest of Feras Fayyad", records: [$p] }) { id visibility } }"#,
            json!({ "p": encode_id(NodeType::Person, seed_id("person", "feras-fayyad")) }),
        )
        .await["createEvent"]
        .clone();
    assert_eq!(
        event["visibility"], "PUBLIC",
        "its own; its level follows the person"
    );
    let public = app
        .query_ok(
            "query($e: ID!) { node(id: $e) { id } }",
            json!({ "e": event["id"] }),
        )
        .await;
    assert!(public["node"].is_null());
    // Without the link, the same title would name him in public: refused.
    let (_, body) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            "mutation($e: ID!) { updateEvent(id: $e, expectedVersion: 1, input: { records: [] }) { id } }",
            json!({ "e": event["id"] }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("`title`:")
    );
}

/// A citation of a person's notes quotes what only analysts may read.
async fn a_citation_of_a_sensitive_field_is_as_sensitive_as_the_field(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let raslan = encode_id(NodeType::Person, seed_id("person", "anwar-raslan"));
    let source = encode_id(
        NodeType::Source,
        seed_id("source", "snhr-statement-2022-01-13"),
    );
    let citation = app
        .query_as(
            &editor,
            r#"mutation($r: ID!, $s: ID!) { addCitation(input: { recordId: $r, sourceId: $s, field: "notes", quote: "lives in Berlin", confidence: LOW }) { visibility } }"#,
            json!({ "r": raslan, "s": source }),
        )
        .await;
    assert_eq!(citation["addCitation"]["visibility"], "RESTRICTED");
    let (_, body) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            r#"mutation($r: ID!, $s: ID!) { addCitation(input: { recordId: $r, sourceId: $s, field: "notes", quote: "lives in Berlin", confidence: LOW, visibility: PUBLIC }) { id } }"#,
            json!({ "r": raslan, "s": source }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    let public = app
        .query_ok(
            r#"query($r: ID!) { person(id: $r) { citations(field: "notes") { quote } } }"#,
            json!({ "r": raslan }),
        )
        .await;
    assert_eq!(public["person"]["citations"], json!([]));
}

crate::backend_tests!(
    making_a_record_visible_shows_no_hidden_name_either,
    an_event_about_a_hidden_person_may_name_them,
    a_citation_of_a_sensitive_field_is_as_sensitive_as_the_field,
    a_hidden_persons_name_in_public_text_is_refused,
    the_built_in_data_passes_every_check,
    check_finds_a_hidden_name_written_around_the_door,
);
