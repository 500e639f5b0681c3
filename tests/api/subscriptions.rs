//! Live updates: `recordChanged` over WebSocket with real clients (the `graphql-ws` npm
//! client, and the `ws` package speaking the legacy protocol), events only after commit,
//! across servers over one database, with the same visibility as queries.

use std::process::Stdio;
use std::time::Duration;

use daleel::ids::{NodeType, decode_id};
use daleel::service::access::{Role, Viewer};
use daleel::service::write::{Author, Entry, Operation, audit_all};
use sea_orm::{EntityTrait, TransactionTrait};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

use crate::backend_tests;
use crate::helpers::{Backend, TestApp, spawn_app};
use crate::node::{ensure_installed, node_dir};

const CREATE: &str =
    r#"mutation($input: CreateFacilityInput!) { createFacility(input: $input) { id version } }"#;
const UPDATE: &str = r#"mutation($id: ID!, $v: Int!, $input: UpdateFacilityInput!) { updateFacility(id: $id, expectedVersion: $v, input: $input) { version } }"#;
const ARCHIVE: &str =
    "mutation($id: ID!, $v: Int!) { archiveRecord(id: $id, expectedVersion: $v) }";

fn facility(slug: &str) -> Value {
    json!({ "input": { "slug": slug, "name": "Mezzeh military airport prison", "kind": "MILITARY_PRISON", "status": "DEFUNCT" } })
}

/// A Node.js subscriber whose standard output is read line by line as it streams, so the
/// test writes only once the subscription is in place.
struct Subscriber {
    _child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Subscriber {
    /// `subscribe.mjs` (graphql-ws client) or `legacy-subscribe.mjs` against `app`,
    /// exiting after `events` events.
    fn start(script: &str, app: &TestApp, events: usize, key: Option<&str>) -> Subscriber {
        Subscriber::start_with(script, app, events, key, "")
    }

    /// Like `start`, subscribing with `document` (the default one when empty).
    fn start_with(
        script: &str,
        app: &TestApp,
        events: usize,
        key: Option<&str>,
        document: &str,
    ) -> Subscriber {
        let url = format!("{}/graphql", app.address.replacen("http://", "ws://", 1));
        let mut child = Command::new("node")
            .arg(node_dir().join(script))
            .args([
                url.as_str(),
                &events.to_string(),
                "30000",
                key.unwrap_or(""),
                document,
            ])
            .current_dir(node_dir())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node starts");
        let stdout = child.stdout.take().unwrap();
        Subscriber {
            _child: child,
            lines: BufReader::new(stdout).lines(),
        }
    }

    async fn line(&mut self) -> Value {
        let line = tokio::time::timeout(Duration::from_secs(30), self.lines.next_line())
            .await
            .expect("the subscriber printed a line within 30 s")
            .unwrap()
            .expect("the subscriber is still running");
        serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}"))
    }

    /// Waits for the client's `ready` line, then for `app` to have `subscriptions` in place.
    async fn ready(&mut self, app: &TestApp, subscriptions: usize) {
        loop {
            let line = self.line().await;
            if line["ready"] == true {
                break;
            }
            assert!(line.get("closed").is_none(), "refused: {line}");
        }
        for _ in 0..500 {
            if app.changes.subscribers() >= subscriptions {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the server never had {subscriptions} subscriptions");
    }

    /// The next legacy-protocol message other than a keep-alive (`ka`), which the server
    /// sends right after `connection_ack` and then on every heartbeat, so it may come
    /// before or after the `ready` line.
    async fn legacy_message(&mut self) -> Value {
        loop {
            let line = self.line().await;
            if line["type"] != "ka" {
                return line;
            }
        }
    }

    /// The next `recordChanged` event (graphql-ws client), failing on anything else.
    async fn event(&mut self) -> Value {
        let line = self.line().await;
        let next = &line["next"];
        assert!(next.get("errors").is_none(), "{line}");
        assert!(next["data"]["recordChanged"].is_object(), "{line}");
        next["data"]["recordChanged"].clone()
    }
}

async fn node_ready() -> bool {
    tokio::task::spawn_blocking(ensure_installed).await.unwrap()
}

backend_tests!(
    writes_through_one_server_reach_subscribers_of_another,
    failed_and_rolled_back_writes_send_nothing,
);

/// Two servers over one database (PostgreSQL: LISTEN/NOTIFY; SQLite and MariaDB: the
/// audit log): a write through B reaches a graphql-ws subscriber on A, for each action.
async fn writes_through_one_server_reach_subscribers_of_another(app: TestApp) {
    if !node_ready().await {
        return;
    }
    let peer = app.spawn_peer().await;
    let editor = app.key(Role::Editor).await;
    let mut subscriber = Subscriber::start("subscribe.mjs", &app, 3, None);
    subscriber.ready(&app, 1).await;

    let created = peer
        .query_as(&editor, CREATE, facility("mezzeh-prison"))
        .await["createFacility"]
        .clone();
    let id = created["id"].clone();
    assert_eq!(
        subscriber.event().await,
        json!({ "action": "CREATED", "id": id, "type": "FACILITY", "version": 1, "record": { "id": id } })
    );

    peer.query_as(
        &editor,
        UPDATE,
        json!({ "id": id, "v": 1, "input": { "closed": "2024-12" } }),
    )
    .await;
    assert_eq!(
        subscriber.event().await,
        json!({ "action": "UPDATED", "id": id, "type": "FACILITY", "version": 2, "record": { "id": id } })
    );

    peer.query_as(&editor, ARCHIVE, json!({ "id": id, "v": 2 }))
        .await;
    assert_eq!(
        subscriber.event().await,
        json!({ "action": "ARCHIVED", "id": id, "type": "FACILITY", "version": 3, "record": null }),
        "an archived record is gone from reads, but its subscribers hear it was archived"
    );
}

/// A write that fails (a stale version) and one whose transaction rolls back after its
/// audit entry (and, on PostgreSQL, its NOTIFY) send nothing: the next committed write's
/// event is the first the subscriber receives.
async fn failed_and_rolled_back_writes_send_nothing(app: TestApp) {
    if !node_ready().await {
        return;
    }
    let editor = app.key(Role::Editor).await;
    let seeded = app
        .query_ok(
            "{ facilities(first: 1) { nodes { id version } } }",
            json!({}),
        )
        .await["facilities"]["nodes"][0]
        .clone();
    let (id, version) = (seeded["id"].clone(), seeded["version"].as_i64().unwrap());
    let mut subscriber = Subscriber::start("subscribe.mjs", &app, 1, None);
    subscriber.ready(&app, 1).await;

    let (_, stale) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            UPDATE,
            json!({ "id": id, "v": version + 5, "input": { "name": "Stale" } }),
        )
        .await;
    assert_eq!(stale["errors"][0]["extensions"]["code"], "CONFLICT");

    let (_, uuid) = decode_id(id.as_str().unwrap()).unwrap();
    let txn = app.db.begin().await.unwrap();
    // A write's after-image, as the door would give it, in a transaction rolled back.
    let mut image = entity::facility::Entity::find_by_id(uuid)
        .one(&txn)
        .await
        .unwrap()
        .unwrap();
    image.version = 99;
    audit_all(
        &txn,
        &Author::from(Viewer::with_role(Role::Editor)),
        Operation::Update,
        vec![Entry::of(NodeType::Facility, uuid, None, Some(&image)).unwrap()],
    )
    .await
    .unwrap();
    txn.rollback().await.unwrap();

    app.query_as(
        &editor,
        UPDATE,
        json!({ "id": id, "v": version, "input": { "description": "Committed." } }),
    )
    .await;
    assert_eq!(
        subscriber.event().await,
        json!({ "action": "UPDATED", "id": id, "type": "FACILITY", "version": version + 1, "record": { "id": id } })
    );
}

/// The legacy `graphql-ws` subprotocol (subscriptions-transport-ws): connection_init,
/// start, then `data` messages.
#[tokio::test]
async fn the_legacy_graphql_ws_protocol_receives_events() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    if !node_ready().await {
        return;
    }
    let editor = app.key(Role::Editor).await;
    let mut subscriber = Subscriber::start("legacy-subscribe.mjs", &app, 1, Some(&editor));
    assert_eq!(subscriber.line().await, json!({ "protocol": "graphql-ws" }));
    subscriber.ready(&app, 1).await;
    let created = app
        .query_as(&editor, CREATE, facility("legacy-prison"))
        .await["createFacility"]
        .clone();
    assert_eq!(
        subscriber.legacy_message().await,
        json!({ "type": "data", "id": "1", "payload": { "data": { "recordChanged": {
            "action": "CREATED", "id": created["id"], "type": "FACILITY", "version": 1
        } } } })
    );
}

/// A restricted record's events reach an analyst and never the public, who see the
/// next public record's event first.
#[tokio::test]
async fn events_follow_the_visibility_rules_of_queries() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    if !node_ready().await {
        return;
    }
    let (editor, analyst) = (app.key(Role::Editor).await, app.key(Role::Analyst).await);
    let mut public = Subscriber::start("subscribe.mjs", &app, 1, None);
    public.ready(&app, 1).await;
    let mut analysts = Subscriber::start("subscribe.mjs", &app, 2, Some(&analyst));
    analysts.ready(&app, 2).await;

    let witness = app
        .query_as(
            &editor,
            r#"mutation($input: CreatePersonInput!) { createPerson(input: $input) { id visibility } }"#,
            json!({ "input": { "slug": "a-witness", "name": "A Witness", "roles": ["WITNESS"] } }),
        )
        .await["createPerson"]
        .clone();
    assert_eq!(witness["visibility"], "RESTRICTED");
    let facility = app
        .query_as(&editor, CREATE, facility("public-prison"))
        .await["createFacility"]
        .clone();

    let seen = analysts.event().await;
    assert_eq!(
        (&seen["type"], &seen["id"], &seen["record"]["id"]),
        (&json!("PERSON"), &witness["id"], &witness["id"])
    );
    assert_eq!(analysts.event().await["id"], facility["id"]);
    assert_eq!(
        public.event().await["id"],
        facility["id"],
        "the public never hears of the restricted witness"
    );
}

/// Records about a restricted person (a posting, an alias, a citation), written without a
/// visibility, send the public no event: they are as hidden as the person. The public
/// hears of the next public record first; an analyst hears of them all.
#[tokio::test]
async fn records_about_a_hidden_person_send_the_public_no_event() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    if !node_ready().await {
        return;
    }
    let (editor, analyst) = (app.key(Role::Editor).await, app.key(Role::Analyst).await);
    let mut public = Subscriber::start("subscribe.mjs", &app, 1, None);
    public.ready(&app, 1).await;
    let mut analysts = Subscriber::start("subscribe.mjs", &app, 4, Some(&analyst));
    analysts.ready(&app, 2).await;
    let witness = daleel::ids::encode_id(
        NodeType::Person,
        daleel::seed::seed_id("person", "feras-fayyad"),
    );
    let branch = daleel::ids::encode_id(
        NodeType::Branch,
        daleel::seed::seed_id("branch", "branch-251"),
    );
    let source = daleel::ids::encode_id(
        NodeType::Source,
        daleel::seed::seed_id("source", "encyclopedia-al-khatib-prison"),
    );
    app.query_as(
        &editor,
        r#"mutation($p: ID!, $b: ID!) { createPosting(input: { personId: $p, branchId: $b, role: "detainee_informant" }) { id } }"#,
        json!({ "p": witness, "b": branch }),
    )
    .await;
    app.query_as(
        &editor,
        r#"mutation($p: ID!) { addAlias(input: { recordId: $p, name: "F. F.", kind: REDACTED }) { id } }"#,
        json!({ "p": witness }),
    )
    .await;
    app.query_as(
        &editor,
        r#"mutation($p: ID!, $s: ID!) { addCitation(input: { recordId: $p, sourceId: $s, confidence: LOW }) { id } }"#,
        json!({ "p": witness, "s": source }),
    )
    .await;
    let facility = app
        .query_as(&editor, CREATE, facility("public-prison"))
        .await["createFacility"]
        .clone();
    let kinds: Vec<Value> = [
        analysts.event().await,
        analysts.event().await,
        analysts.event().await,
    ]
    .iter()
    .map(|e| e["type"].clone())
    .collect();
    assert_eq!(kinds, [json!("POSTING"), json!("ALIAS"), json!("CITATION")]);
    assert_eq!(analysts.event().await["id"], facility["id"]);
    assert_eq!(
        public.event().await["id"],
        facility["id"],
        "the public hears nothing about the restricted witness"
    );
}

/// A wrong key in connection_init is refused with 4403 Forbidden, never served as public.
#[tokio::test]
async fn a_bad_key_in_connection_init_is_refused() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    if !node_ready().await {
        return;
    }
    let mut subscriber = Subscriber::start("subscribe.mjs", &app, 1, Some("daleel_not_a_key"));
    let line = subscriber.line().await;
    assert_eq!(line["closed"]["code"], 4403, "{line}");
    assert_eq!(app.changes.subscribers(), 0);
}

/// The documented subscription example (docs/api.md) works as written, and `types` and `ids` keep only
/// the changes asked for: the first event each subscriber receives is the one it wants.
#[tokio::test]
async fn subscriptions_filter_by_type_and_id() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    if !node_ready().await {
        return;
    }
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/api.md")).unwrap();
    let section = &readme[readme.find("## Live updates").unwrap()..];
    let start = section.find("```graphql\n").unwrap() + "```graphql\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    assert!(example.contains("recordChanged(types: [FACILITY, PERSON])"));

    let editor = app.key(Role::Editor).await;
    let seeded = app
        .query_ok(
            "{ facilities(first: 1) { nodes { id version name } } }",
            json!({}),
        )
        .await["facilities"]["nodes"][0]
        .clone();
    let mut by_type = Subscriber::start_with("subscribe.mjs", &app, 1, None, example);
    by_type.ready(&app, 1).await;
    let by_id_document = format!(
        "subscription {{ recordChanged(ids: [{}]) {{ action id version }} }}",
        seeded["id"]
    );
    let mut by_id = Subscriber::start_with("subscribe.mjs", &app, 1, None, &by_id_document);
    by_id.ready(&app, 2).await;

    // An organization (neither type asked for), a new facility, then the seeded one.
    app.query_as(
        &editor,
        r#"mutation { createOrganization(input: { slug: "an-ngo", name: "An NGO", kind: NGO }) { id } }"#,
        json!({}),
    )
    .await;
    let created = app
        .query_as(&editor, CREATE, facility("filtered-prison"))
        .await["createFacility"]
        .clone();
    app.query_as(
        &editor,
        UPDATE,
        json!({ "id": seeded["id"], "v": seeded["version"], "input": { "description": "Updated." } }),
    )
    .await;

    assert_eq!(
        by_type.event().await,
        json!({ "action": "CREATED", "id": created["id"], "type": "FACILITY", "version": 1,
                "record": { "name": "Mezzeh military airport prison", "status": "DEFUNCT" } })
    );
    assert_eq!(
        by_id.event().await,
        json!({ "action": "UPDATED", "id": seeded["id"], "version": seeded["version"].as_i64().unwrap() + 1 })
    );
}
