//! Who headed a branch at a date (`Branch.commanders(at:)`) and the chain of command
//! above a person's postings (`Person.chainOfCommand(at:)`), on the built-in data and on
//! branches written for the test: heads with their certainty, the sources tying each
//! level to the next, and what the record does not say reported, never looped on.

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const CHAIN: &str = r#"query($p: ID!, $at: String!, $c: Certainty) { node(id: $p) { ... on Person {
    chainOfCommand(at: $at, certainty: $c) {
      posting { role certainty }
      levels { depth branch { slug } commanders { role certainty person { slug } citations { quote } }
               undatedCommanders { role title } linkCitations { quote } }
      agency { slug }
      breaks { kind branch { slug } message }
    } } } }"#;

async fn chain(
    app: &TestApp,
    key: Option<&str>,
    person: &str,
    at: &str,
    certainty: Option<&str>,
) -> Value {
    let vars = json!({ "p": person, "at": at, "c": certainty });
    let body = match key {
        Some(key) => app.query_as(key, CHAIN, vars).await,
        None => app.query_ok(CHAIN, vars).await,
    };
    body["node"]["chainOfCommand"].clone()
}

fn kinds(chain: &Value) -> Vec<(String, String)> {
    chain["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["kind"].as_str().unwrap().to_owned(),
                b["branch"]["slug"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Anwar Raslan in 2011-06: his posting heading the Investigation Department, the
/// department's place in Branch 251 and the branch's in the General Intelligence
/// Directorate, each with the source's words; Branch 251's heads the sources name
/// without dates (both disputed), and no head of the branch or the agency at the date.
async fn raslans_chain_of_command_follows_the_sources(app: TestApp) {
    let raslan = encode_id(NodeType::Person, seed_id("person", "anwar-raslan"));
    let chains = chain(&app, None, &raslan, "2011-06", None).await;
    let chains = chains.as_array().unwrap();
    assert_eq!(chains.len(), 1, "{chains:#?}");
    let c = &chains[0];
    assert_eq!(
        c["posting"],
        json!({ "role": "head_of_department", "certainty": "CERTAIN" })
    );
    let levels = c["levels"].as_array().unwrap();
    let slugs: Vec<&str> = levels
        .iter()
        .map(|l| l["branch"]["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["branch-251-investigation-department", "branch-251"]);
    assert_eq!(levels[0]["depth"], 0);
    assert_eq!(levels[1]["depth"], 1);
    // The department's head at the date is Raslan himself, certainly, with his citation.
    let heads = levels[0]["commanders"].as_array().unwrap();
    assert_eq!(heads.len(), 1);
    assert_eq!(heads[0]["person"]["slug"], "anwar-raslan");
    assert_eq!(heads[0]["certainty"], "CERTAIN");
    assert!(
        heads[0]["citations"]
            .to_string()
            .contains("from January 2011 to September 2012")
    );
    // The department is part of Branch 251, the branch of the GID: the sources' words.
    assert!(
        levels[0]["linkCitations"]
            .to_string()
            .contains("Investigation Department in Security Branch 251")
    );
    assert!(
        levels[1]["linkCitations"]
            .to_string()
            .contains("Branch 251 of the Syrian General Intelligence Directorate")
    );
    assert_eq!(c["agency"]["slug"], "general-intelligence-directorate");
    // Branch 251: no head at the date; the encyclopedia's undated (disputed) claims kept.
    assert_eq!(levels[1]["commanders"], json!([]));
    let mut undated: Vec<&str> = levels[1]["undatedCommanders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["role"].as_str().unwrap())
        .collect();
    undated.sort();
    assert_eq!(undated, ["director", "head_of_branch"]);
    assert_eq!(
        kinds(c),
        [
            ("NO_COMMANDER_AT_DATE".to_owned(), "branch-251".to_owned()),
            (
                "AGENCY_HEAD_NOT_RECORDED".to_owned(),
                "branch-251".to_owned()
            ),
        ]
    );
    assert!(
        c["breaks"][0]["message"]
            .as_str()
            .unwrap()
            .contains("2 undated"),
        "{c:#}"
    );

    // September 2012 only possibly; October 2012 not at all.
    let september = chain(&app, None, &raslan, "2012-09", None).await;
    assert_eq!(september[0]["posting"]["certainty"], "POSSIBLE");
    assert_eq!(
        chain(&app, None, &raslan, "2012-09", Some("CERTAIN")).await,
        json!([])
    );
    assert_eq!(chain(&app, None, &raslan, "2012-10", None).await, json!([]));

    // One level: who headed the department, asked of the branch.
    let department = encode_id(
        NodeType::Branch,
        seed_id("branch", "branch-251-investigation-department"),
    );
    let body = app
        .query_ok(
            r#"query($b: ID!) { node(id: $b) { ... on Branch {
                march: commanders(at: "2012-03") { totalCount nodes { certainty person { slug } } }
                october: commanders(at: "2012-10") { totalCount }
            } } }"#,
            json!({ "b": department }),
        )
        .await;
    assert_eq!(
        body["node"],
        json!({ "march": { "totalCount": 1, "nodes": [{ "certainty": "CERTAIN", "person": { "slug": "anwar-raslan" } }] },
                "october": { "totalCount": 0 } })
    );
}

async fn create(app: &TestApp, key: &str, mutation: &str, input: Value) -> String {
    let name = mutation.split('(').next().unwrap().trim();
    let body = app
        .query_as(
            key,
            &format!(
                "mutation($i: {}Input!) {{ {mutation}(input: $i) {{ id }} }}",
                capitalized(name)
            ),
            json!({ "i": input }),
        )
        .await;
    body[name]["id"].as_str().unwrap().to_owned()
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
        .collect()
}

/// Heads are listed per level with their certainty, an officer is not a head, and a
/// hidden head is absent for the public; a loop in the branches (stored past the door,
/// which refuses one) is reported, not followed.
async fn chains_report_heads_and_breaks(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let analyst = app.key(Role::Analyst).await;
    let agency = encode_id(
        NodeType::Agency,
        seed_id("agency", "general-intelligence-directorate"),
    );
    let top = create(
        &app,
        &editor,
        "createBranch",
        json!({ "slug": "branch-test-top", "name": "Top", "agencyId": agency }),
    )
    .await;
    let unit = create(
        &app,
        &editor,
        "createBranch",
        json!({ "slug": "branch-test-unit", "name": "Unit", "agencyId": agency, "parentId": top }),
    )
    .await;
    let person = |slug: &str| json!({ "slug": slug, "name": slug, "roles": ["OFFICER"] });
    let officer = create(&app, &editor, "createPerson", person("test-officer")).await;
    let head = create(&app, &editor, "createPerson", person("test-head")).await;
    let hidden_head = create(&app, &editor, "createPerson", json!({ "slug": "test-hidden-head", "name": "test-hidden-head", "roles": ["OFFICER"], "visibility": "RESTRICTED" })).await;
    let posting = |p: &str, b: &str, role: &str, period: &str| json!({ "personId": p, "branchId": b, "role": role, "period": period });
    create(
        &app,
        &editor,
        "createPosting",
        posting(&officer, &unit, "investigator", "2010/2014"),
    )
    .await;
    create(
        &app,
        &editor,
        "createPosting",
        posting(&officer, &top, "officer", "2010/2014"),
    )
    .await;
    create(
        &app,
        &editor,
        "createPosting",
        posting(&head, &top, "head_of_branch", "2012-06/2015"),
    )
    .await;
    create(
        &app,
        &editor,
        "createPosting",
        posting(&hidden_head, &top, "head_of_branch", "2009/2013"),
    )
    .await;

    // In 2012-06, the top branch's head is possibly `test-head` (he began some day that
    // month) and certainly the hidden one; the unit has no head.
    // Two postings, two chains: the investigator's runs through the unit.
    let chains = chain(&app, Some(&analyst), &officer, "2012-06", None).await;
    assert_eq!(chains.as_array().unwrap().len(), 2, "{chains:#}");
    let c = chains
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["posting"]["role"] == "investigator")
        .unwrap();
    let heads: Vec<(String, String)> = c["levels"][1]["commanders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["person"]["slug"].as_str().unwrap().to_owned(),
                h["certainty"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut heads = heads;
    heads.sort();
    assert_eq!(
        heads,
        [
            ("test-head".to_owned(), "POSSIBLE".to_owned()),
            ("test-hidden-head".to_owned(), "CERTAIN".to_owned())
        ]
    );
    assert_eq!(
        kinds(c)[0],
        (
            "NO_COMMANDER_AT_DATE".to_owned(),
            "branch-test-unit".to_owned()
        )
    );
    // Certain only: the possible head drops out.
    let chains = chain(&app, Some(&analyst), &officer, "2012-06", Some("CERTAIN")).await;
    let certain = chains
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["posting"]["role"] == "investigator")
        .unwrap();
    assert_eq!(
        certain["levels"][1]["commanders"].as_array().unwrap().len(),
        1
    );
    // The public does not see the hidden head, or learn of one.
    let chains = chain(&app, None, &officer, "2012-06", None).await;
    let public = chains
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["posting"]["role"] == "investigator")
        .unwrap();
    assert!(
        !public.to_string().contains("test-hidden-head"),
        "{public:#}"
    );
    assert_eq!(
        public["levels"][1]["commanders"].as_array().unwrap().len(),
        1
    );

    // A loop stored past the door: the top branch under the unit.
    let (top_id, unit_id) = (
        daleel::ids::decode_id(&top).unwrap().1,
        daleel::ids::decode_id(&unit).unwrap().1,
    );
    let backend = app.db.get_database_backend();
    let sql = if backend == sea_orm::DbBackend::Postgres {
        "UPDATE branch SET parent_id = $1 WHERE id = $2"
    } else {
        "UPDATE branch SET parent_id = ? WHERE id = ?"
    };
    app.db
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            sql,
            [unit_id.into(), top_id.into()],
        ))
        .await
        .unwrap();
    let chains = chain(&app, Some(&analyst), &officer, "2012-06", None).await;
    let looped = chains
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["posting"]["role"] == "investigator")
        .unwrap();
    assert_eq!(looped["levels"].as_array().unwrap().len(), 2, "{looped:#}");
    assert!(
        kinds(looped).contains(&("CYCLE".to_owned(), "branch-test-top".to_owned())),
        "{looped:#}"
    );
}

crate::backend_tests!(
    raslans_chain_of_command_follows_the_sources,
    chains_report_heads_and_breaks,
);
