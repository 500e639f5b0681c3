//! A person's and a branch's timelines (`Person.timeline`, `Branch.timeline`): events,
//! postings, verdicts and sanctions merged in date order, paged, each entry with its
//! date and citations, and nothing the reader may not see (not even a verdict reached
//! through a posting they may not see).

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const TIMELINE: &str = r#"query($id: ID!, $first: Int, $after: String) { node(id: $id) {
  ... on Person { timeline(first: $first, after: $after) { ...entries } }
  ... on Branch { timeline(first: $first, after: $after) { ...entries } } } }
fragment entries on TimelineEntryConnection {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { date { edtf } citations { quote } record { __typename
    ... on Event { title } ... on Posting { role } ... on Verdict { outcome } ... on Sanction { program } } }
}"#;

async fn timeline(
    app: &TestApp,
    key: Option<&str>,
    id: &str,
    first: Option<i64>,
    after: Option<&str>,
) -> Value {
    let vars = json!({ "id": id, "first": first, "after": after });
    let body = match key {
        Some(key) => app.query_as(key, TIMELINE, vars).await,
        None => app.query_ok(TIMELINE, vars).await,
    };
    body["node"]["timeline"].clone()
}

/// (type, date) of each entry.
fn entries(timeline: &Value) -> Vec<(String, String)> {
    timeline["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["record"]["__typename"].as_str().unwrap().to_owned(),
                n["date"]["edtf"].as_str().unwrap_or("undated").to_owned(),
            )
        })
        .collect()
}

fn pair(kind: &str, date: &str) -> (String, String) {
    (kind.to_owned(), date.to_owned())
}

/// Anwar Raslan's timeline from the built-in data: his dated posting, the arrest, the
/// verdict's day (the event and the verdict), then the two undated postings; pages of
/// two read the same list; each entry has its citations.
async fn a_persons_timeline_merges_records_in_date_order(app: TestApp) {
    let raslan = encode_id(NodeType::Person, seed_id("person", "anwar-raslan"));
    let whole = timeline(&app, None, &raslan, None, None).await;
    assert_eq!(
        entries(&whole),
        [
            pair("Posting", "2011-01/2012-09"),
            pair("Event", "2019"),
            pair("Event", "2022-01-13"),
            pair("Verdict", "2022-01-13"),
            pair("Posting", "undated"),
            pair("Posting", "undated"),
        ]
    );
    assert_eq!(whole["totalCount"], 6);
    assert!(
        whole["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| !n["citations"].as_array().unwrap().is_empty()),
        "every built-in record is cited: {whole:#}"
    );
    let mut paged = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = timeline(&app, None, &raslan, Some(2), after.as_deref()).await;
        paged.extend(entries(&page));
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(paged, entries(&whole));
}

/// A day comes before the year it begins (same earliest day, nearer latest); a sanction is placed by its listing; a
/// branch's timeline holds its postings and the verdicts on persons posted in it, but
/// not a verdict reached only through a posting the reader may not see.
async fn a_branchs_timeline_keeps_hidden_links_hidden(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let analyst = app.key(Role::Analyst).await;
    let agency = encode_id(
        NodeType::Agency,
        seed_id("agency", "general-intelligence-directorate"),
    );
    let trial = encode_id(NodeType::Trial, seed_id("trial", "koblenz-trial"));
    let write = |mutation: &'static str, input: Value| {
        let editor = editor.clone();
        let app = &app;
        async move {
            let name = mutation.split('(').next().unwrap();
            let input_type = format!("{}{}Input", name[..1].to_uppercase(), &name[1..]);
            let body = app
                .query_as(
                    &editor,
                    &format!("mutation($i: {input_type}!) {{ {name}(input: $i) {{ id }} }}"),
                    json!({ "i": input }),
                )
                .await;
            body[name]["id"].as_str().unwrap().to_owned()
        }
    };
    let branch = write(
        "createBranch",
        json!({ "slug": "branch-test-timeline", "name": "Timeline", "agencyId": agency }),
    )
    .await;
    let person = write("createPerson", json!({ "slug": "test-timeline-officer", "name": "Timeline Officer", "roles": ["OFFICER"] })).await;
    write("createPosting", json!({ "personId": person, "branchId": branch, "role": "guard", "period": "2013", "visibility": "RESTRICTED" })).await;
    write(
        "createVerdict",
        json!({ "trialId": trial, "personId": person, "outcome": "CONVICTED", "date": "2016-05" }),
    )
    .await;
    write(
        "createEvent",
        json!({ "kind": "OTHER", "title": "A year", "date": "2015", "records": [branch] }),
    )
    .await;
    write(
        "createEvent",
        json!({ "kind": "OTHER", "title": "A day", "date": "2015-01-01", "records": [branch] }),
    )
    .await;
    write(
        "createEvent",
        json!({ "kind": "OTHER", "title": "Undated", "records": [branch] }),
    )
    .await;
    write(
        "createSanction",
        json!({ "targetId": branch, "authorityName": "Somewhere", "listed": "2014-06" }),
    )
    .await;

    let seen = timeline(&app, Some(&analyst), &branch, None, None).await;
    assert_eq!(
        entries(&seen),
        [
            pair("Posting", "2013"),
            pair("Sanction", "2014-06"),
            pair("Event", "2015-01-01"),
            pair("Event", "2015"),
            pair("Verdict", "2016-05"),
            pair("Event", "undated"),
        ],
        "{seen:#}"
    );
    // The public sees neither the posting nor the verdict it would reveal.
    let public = timeline(&app, None, &branch, None, None).await;
    assert_eq!(
        entries(&public),
        [
            pair("Sanction", "2014-06"),
            pair("Event", "2015-01-01"),
            pair("Event", "2015"),
            pair("Event", "undated")
        ],
        "{public:#}"
    );
    assert_eq!(public["totalCount"], 4);
}

crate::backend_tests!(
    a_persons_timeline_merges_records_in_date_order,
    a_branchs_timeline_keeps_hidden_links_hidden,
);
