//! daleel as an Apollo Federation v2 subgraph: `_entities` resolves the eight entity types
//! through the DataLoader, as the caller may see them, and a real Apollo Gateway composes
//! daleel with a partner subgraph and serves a query across both.

use std::time::Duration;

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::fixtures::add_facilities;
use crate::helpers::TestApp;
use crate::node::{ensure_installed, run_script};

const ENTITIES: &str = r#"query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Node { id }
    ... on Facility { name }
    ... on Branch { name }
    ... on Person { name }
  }
}"#;

fn representation(typename: &str, id: &str) -> Value {
    json!({ "__typename": typename, "id": id })
}

fn entities(data: &Value) -> &Vec<Value> {
    data["_entities"].as_array().unwrap()
}

fn facility_id(slug: &str) -> String {
    encode_id(NodeType::Facility, seed_id("facility", slug))
}

/// Makes a built-in facility restricted, so that only analysts and above see it.
async fn restrict_sednaya(app: &TestApp) {
    app.set_visibility("Facility", &facility_id("sednaya-prison"), "RESTRICTED")
        .await;
}

async fn every_entity_type_resolves_by_its_id(app: TestApp) {
    // Arrange: one id of each entity type, as the lists return them.
    let lists = [
        ("Facility", "facilities"),
        ("Branch", "branches"),
        ("Agency", "agencies"),
        ("Person", "persons"),
        ("Trial", "trials"),
        ("Verdict", "verdicts"),
        ("Organization", "organizations"),
        ("Source", "sources"),
    ];
    let query = lists
        .iter()
        .map(|(_, list)| format!("{list}(first: 1) {{ nodes {{ id }} }}"))
        .collect::<Vec<_>>()
        .join(" ");
    let ids = app.query_ok(&format!("{{ {query} }}"), json!({})).await;
    let representations: Vec<Value> = lists
        .iter()
        .map(|(typename, list)| {
            representation(typename, ids[list]["nodes"][0]["id"].as_str().unwrap())
        })
        .collect();

    // Act
    let data = app
        .query_ok(ENTITIES, json!({ "representations": representations }))
        .await;

    // Assert: each in its place, of its type, with its id.
    let found = entities(&data);
    assert_eq!(found.len(), lists.len());
    for (entity, wanted) in found.iter().zip(&representations) {
        assert_eq!(entity["__typename"], wanted["__typename"], "{data:#}");
        assert_eq!(entity["id"], wanted["id"], "{data:#}");
    }
}

async fn hidden_and_unknown_records_are_null_as_node_says(app: TestApp) {
    restrict_sednaya(&app).await;
    let al_khatib = facility_id("al-khatib-prison");
    let sednaya = facility_id("sednaya-prison");
    let fayyad = encode_id(NodeType::Person, seed_id("person", "feras-fayyad"));
    let unknown = encode_id(NodeType::Facility, Uuid::new_v4());
    let branch = encode_id(NodeType::Branch, seed_id("branch", "branch-251"));
    let representations = json!([
        representation("Facility", &al_khatib),
        representation("Facility", &sednaya),
        representation("Person", &fayyad),
        representation("Facility", &unknown),
        // An id of another type, and one that is no id at all: null, not an error that
        // would blank out every other entity of the gateway's batch.
        representation("Facility", &branch),
        representation("Facility", "not-an-id"),
    ]);
    let vars = json!({ "representations": representations });
    let names =
        |data: &Value| -> Vec<Value> { entities(data).iter().map(|e| e["name"].clone()).collect() };
    let node_ids = r#"query($a: ID!, $b: ID!, $c: ID!) {
      a: node(id: $a) { id } b: node(id: $b) { id } c: node(id: $c) { id }
    }"#;
    let node_vars = json!({ "a": al_khatib, "b": sednaya, "c": fayyad });

    let public = app.query_ok(ENTITIES, vars.clone()).await;
    let public_nodes = app.query_ok(node_ids, node_vars.clone()).await;
    let analyst_key = app.key(Role::Analyst).await;
    let analyst = app.query_as(&analyst_key, ENTITIES, vars).await;
    let analyst_nodes = app.query_as(&analyst_key, node_ids, node_vars).await;

    assert_eq!(
        names(&public),
        [
            json!("Al-Khatib prison"),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null
        ],
        "{public:#}"
    );
    assert_eq!(
        names(&analyst),
        [
            json!("Al-Khatib prison"),
            json!("Sednaya Prison"),
            json!("Feras Fayyad"),
            Value::Null,
            Value::Null,
            Value::Null
        ],
        "{analyst:#}"
    );
    // Exactly what `node(id:)` shows the same caller.
    for (entities, nodes) in [(&public, &public_nodes), (&analyst, &analyst_nodes)] {
        for (i, key) in ["a", "b", "c"].into_iter().enumerate() {
            assert_eq!(
                entities["_entities"][i].is_null(),
                nodes[key].is_null(),
                "{entities:#} {nodes:#}"
            );
        }
    }
}

async fn entities_cost_one_statement_per_type_however_many(app: TestApp) {
    // Arrange: 15 facilities, each run by its own branch.
    add_facilities(&app.db, 15, 0).await;
    let listed = app
        .query_ok(
            r#"{ facilities(first: 100, filter: { country: "SY" }) {
                   nodes { id name branches(first: 1) { nodes { id } } } } }"#,
            json!({}),
        )
        .await;
    let synthetic: Vec<&Value> = listed["facilities"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["name"].as_str().unwrap().starts_with("Facility "))
        .collect();
    assert_eq!(synthetic.len(), 15);
    let mut thirty = Vec::new();
    for facility in &synthetic {
        thirty.push(representation("Facility", facility["id"].as_str().unwrap()));
        let branch = &facility["branches"]["nodes"][0]["id"];
        thirty.push(representation("Branch", branch.as_str().unwrap()));
    }
    let two = thirty[..2].to_vec();

    // Act
    let (_, baseline) = app
        .count_statements(ENTITIES, json!({ "representations": [] }))
        .await;
    let (few, for_two) = app
        .count_statements(ENTITIES, json!({ "representations": two }))
        .await;
    let (many, for_thirty) = app
        .count_statements(ENTITIES, json!({ "representations": thirty }))
        .await;
    eprintln!(
        "{:?}: _entities statements: {baseline} for none, {for_two} for 1+1, {for_thirty} for 15+15",
        app.backend
    );

    // Assert: every entity came back, at one statement per type beyond the fixed cost.
    assert_eq!(entities(&few).len(), 2);
    let found = entities(&many);
    assert_eq!(found.len(), 30);
    assert!(found.iter().all(|e| e["name"].is_string()), "{many:#}");
    assert!(
        for_thirty <= baseline + 2,
        "{for_thirty} statements for 30 representations of 2 types (baseline {baseline})"
    );
    assert_eq!(
        for_thirty, for_two,
        "the statement count must not grow with the number of representations"
    );
}

async fn the_service_sdl_is_the_committed_federation_schema(app: TestApp) {
    let data = app.query_ok("{ _service { sdl } }", json!({})).await;
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema.federation.graphql"
    ))
    .unwrap();
    assert!(
        data["_service"]["sdl"] == committed.as_str(),
        "`_service {{ sdl }}` differs from schema.federation.graphql"
    );
}

/// The query the gateway serves: daleel's facilities with the partner's field, and the
/// partner's flagged facilities with daleel's fields (through daleel's `_entities`).
const ACROSS: &str = r#"query($ids: [ID!]!) {
  facilities { nodes { id name partnerReports branches { nodes { name } } } }
  flaggedFacilities(ids: $ids) { id name partnerReports }
}"#;

/// What the partner subgraph in `federation.mjs` reports for a facility.
fn partner_reports(id: &str) -> usize {
    id.chars().filter(char::is_ascii_digit).count()
}

async fn a_gateway_serves_a_query_across_daleel_and_a_partner(app: TestApp) {
    if !ensure_installed() {
        return;
    }
    restrict_sednaya(&app).await;
    let al_khatib = facility_id("al-khatib-prison");
    let sednaya = facility_id("sednaya-prison");
    let unknown = encode_id(NodeType::Facility, Uuid::new_v4());
    let variables = json!({ "ids": [al_khatib, sednaya, unknown] }).to_string();
    let url = format!("{}/graphql", app.address);
    let analyst = format!("Bearer {}", app.key(Role::Analyst).await);
    let gateway = |query: &'static str, authorization: Option<String>| {
        let (url, variables) = (url.clone(), variables.clone());
        async move {
            let mut args = vec![url.as_str(), query, variables.as_str()];
            if let Some(authorization) = &authorization {
                args.push(authorization);
            }
            let out = run_script("federation.mjs", &args, Duration::from_secs(120)).await;
            let out: Value = serde_json::from_str(&out).unwrap();
            assert!(
                out["result"].get("errors").is_none(),
                "the gateway answered with errors: {:#}",
                out["result"]
            );
            (
                out["result"]["data"].clone(),
                out["supergraph"].as_str().unwrap_or_default().to_owned(),
            )
        }
    };

    let (public, supergraph) = gateway(ACROSS, None).await;
    // Composition kept daleel's demand-control weights, the numbers daleel enforces,
    // and the partner's field beside them.
    let line_of = |field: &str| {
        supergraph
            .lines()
            .find(|l| l.trim_start().starts_with(field))
            .unwrap_or_default()
            .to_owned()
    };
    let weight = daleel::graphql::limits::MAP_WEIGHT;
    assert!(
        supergraph.contains(&format!("@cost(weight: {weight})")),
        "facilityMap's weight: {}",
        line_of("facilityMap")
    );
    assert!(
        supergraph.contains(r#"slicingArguments: ["first", "last"]"#),
        "connections are sized by their page"
    );
    assert!(supergraph.contains("partnerPage: PageInfo!"));
    // Admin tools are not part of a partner's supergraph API (`@inaccessible`).
    let (fields, _) = gateway(r#"{ __type(name: "Query") { fields { name } } }"#, None).await;
    let fields: Vec<&str> = fields["__type"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"facilities") && fields.contains(&"partnerPage"));
    assert!(
        !fields.contains(&"auditLog") && !fields.contains(&"verifyCaptures"),
        "{fields:?}"
    );
    let (as_analyst, _) = gateway(ACROSS, Some(analyst)).await;

    // daleel's list, with the partner's field on each facility and daleel's nesting.
    let facilities = public["facilities"]["nodes"].as_array().unwrap();
    assert_eq!(facilities.len(), 1, "{public:#}");
    assert_eq!(facilities[0]["id"], al_khatib.as_str());
    assert_eq!(facilities[0]["name"], "Al-Khatib prison");
    assert_eq!(facilities[0]["partnerReports"], partner_reports(&al_khatib));
    assert_eq!(
        facilities[0]["branches"]["nodes"][0]["name"],
        "Al-Khatib Branch"
    );
    // The partner's list, with daleel's fields resolved through `_entities`: the
    // restricted facility and the unknown one are null for the public.
    let flagged = public["flaggedFacilities"].as_array().unwrap();
    assert_eq!(flagged.len(), 3);
    assert_eq!(flagged[0]["name"], "Al-Khatib prison");
    assert_eq!(flagged[0]["partnerReports"], partner_reports(&al_khatib));
    assert!(flagged[1].is_null() && flagged[2].is_null(), "{public:#}");

    // The gateway passes the analyst's key on, and daleel answers as the analyst.
    let names: Vec<&str> = as_analyst["facilities"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Al-Khatib prison", "Sednaya Prison"]);
    let flagged = as_analyst["flaggedFacilities"].as_array().unwrap();
    assert_eq!(flagged[1]["name"], "Sednaya Prison", "{as_analyst:#}");
    assert_eq!(flagged[1]["partnerReports"], partner_reports(&sednaya));
    assert!(flagged[2].is_null(), "{as_analyst:#}");
}

crate::backend_tests!(
    every_entity_type_resolves_by_its_id,
    hidden_and_unknown_records_are_null_as_node_says,
    entities_cost_one_statement_per_type_however_many,
    the_service_sdl_is_the_committed_federation_schema,
    a_gateway_serves_a_query_across_daleel_and_a_partner,
);
