//! Visibility follows what a record is about: a record about, attached to or pointing at
//! a record the reader cannot see is as hidden as that record, by every path. Each test
//! here started as a finding of the review of the first generation, and failed then.

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::TestApp;

fn id(node: NodeType, section: &str, key: &str) -> String {
    encode_id(node, seed_id(section, key))
}

fn fayyad() -> String {
    id(NodeType::Person, "person", "feras-fayyad")
}

/// Runs a mutation as `key`, returning its data.
async fn write(app: &TestApp, key: &str, query: &str, variables: Value) -> Value {
    app.query_as(key, query, variables).await
}

/// Every string in `value`, for scanning an answer for a name.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The built-in data named the restricted witness in public: in the Koblenz trial's
/// description and in a public citation's quote, also through `Source.citedIn`.
async fn the_built_in_data_names_no_hidden_person_in_public(app: TestApp) {
    let query = r#"{
      trials { nodes { name description citations { quote locator PINPOINT } } }
      sources { nodes { title description citedIn(first: 100) { nodes { quote locator PINPOINT } } } }
      events: timeline(first: 100) { nodes { title description } }
      statistics(first: 100) { nodes { description } }
      facilities { nodes { description citations { quote } } }
      persons { nodes { name description aliases { name } citations { quote } } }
      postings(first: 100) { nodes { title description citations { quote } } }
      verdicts { nodes { description citations { quote } } }
      organizations { nodes { name description } }
    }"#;
    // The words of a pinpoint, and the capture it points into.
    let query = query.replace(
        "PINPOINT",
        "pinpoint { ... on TextPinpoint { text } ... on CharacterRange { capture { url capturedBy } } }",
    );
    let data = app.query_ok(&query, json!({})).await;
    let mut texts = Vec::new();
    strings(&data, &mut texts);
    assert!(texts.len() > 50, "{}", texts.len());
    for text in &texts {
        for name in ["Fayyad", "Feras", "Firas", "فراس", "فياض"] {
            assert!(!text.contains(name), "the public reads `{name}` in: {text}");
        }
    }
    // An analyst still reads what the record says about him, on his own records.
    let analyst = app.key(Role::Analyst).await;
    let data = app
        .query_as(
            &analyst,
            "query($id: ID!) { person(id: $id) { testimonies { nodes { summary citations { quote } } } } }",
            json!({ "id": fayyad() }),
        )
        .await;
    assert!(
        data.to_string().contains("first witness"),
        "the quote moved to his testimony: {data:#}"
    );
}

/// An editor writes records about a restricted person and a restricted facility without
/// saying who may read them; the public must not learn from them that the person exists.
async fn records_about_a_hidden_record_are_hidden_with_it(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let branch = id(NodeType::Branch, "branch", "branch-251");
    let sednaya = id(NodeType::Facility, "facility", "sednaya-prison");
    app.set_visibility("Facility", &sednaya, "RESTRICTED").await;
    let posting = write(
        &app,
        &editor,
        r#"mutation($p: ID!, $b: ID!) { createPosting(input: { personId: $p, branchId: $b, role: "detainee_informant", period: "2012/.." }) { id visibility } }"#,
        json!({ "p": fayyad(), "b": branch }),
    )
    .await["createPosting"]
        .clone();
    assert_eq!(
        posting["visibility"], "PUBLIC",
        "its own visibility, as given"
    );
    write(
        &app,
        &editor,
        r#"mutation($p: ID!) { createEvent(input: { kind: ARREST, title: "An arrest", date: "2013", records: [$p] }) { id } }"#,
        json!({ "p": fayyad() }),
    )
    .await;
    write(
        &app,
        &editor,
        r#"mutation($p: ID!) { createSanction(input: { targetId: $p, authorityName: "Somewhere" }) { id } }"#,
        json!({ "p": fayyad() }),
    )
    .await;
    write(
        &app,
        &editor,
        r#"mutation($f: ID!) { createStatistic(input: { metric: "deaths", valueMin: 3, valueMax: 3, subjectKind: FACILITY, subjectId: $f }) { id } }"#,
        json!({ "f": sednaya }),
    )
    .await;

    // Which branch ran the restricted facility when: restricted with it.
    write(
        &app,
        &editor,
        r#"mutation($f: ID!, $b: ID!) { createFacilityOperation(input: { facilityId: $f, branchId: $b, period: "2012" }) { id } }"#,
        json!({ "f": sednaya, "b": branch }),
    )
    .await;

    let probe = r#"query($p: ID!, $random: ID!, $posting: ID!, $branch: ID!) {
      hidden: postings(filter: { personId: $p }) { totalCount }
      branch: node(id: $branch) { ... on Branch { personnel(at: "2013") { totalCount nodes { role } }
        postings(at: "2013", certainty: CERTAIN) { totalCount }
        operations(at: "2012") { totalCount }
        timeline(first: 100) { totalCount nodes { record { ... on Posting { role } } } } } }
      random: postings(filter: { personId: $random }) { totalCount }
      posting: node(id: $posting) { id ... on Posting { activeAt(at: "2013") history { totalCount } } }
      postingThen: node(id: $posting, asOf: "2100-01-01T00:00:00Z") { id }
      facilitiesThen: facilities(asOf: "2100-01-01T00:00:00Z") { nodes { slug } }
      postingsThen: postings(asOf: "2100-01-01T00:00:00Z", first: 100) { nodes { role } }
      hiddenThen: postings(asOf: "2100-01-01T00:00:00Z", filter: { personId: $p }) { totalCount }
      branchThen: node(id: $branch, asOf: "2100-01-01T00:00:00Z") { ... on Branch {
        personnel(at: "2013") { totalCount } postings(at: "2013", certainty: CERTAIN) { totalCount }
        timeline(first: 100) { nodes { record { ... on Posting { role } } } } } }
      timeline(filter: { recordId: $p }) { totalCount }
      sanctions { totalCount }
      statistics(first: 100) { nodes { subjectKind subject { __typename } } }
      postingCounts(by: ROLE) { key count }
      entities: _entities(representations: [{ __typename: "Posting", id: $posting }]) { __typename }
      text: textSearch(query: "Somewhere") { totalCount nodes { snippet } }
    }"#;
    let vars = json!({
        "p": fayyad(),
        "random": encode_id(NodeType::Person, Uuid::new_v4()),
        "posting": posting["id"],
        "branch": branch,
    });
    let public = app.query_ok(probe, vars.clone()).await;
    assert_eq!(
        (
            &public["branch"]["personnel"],
            &public["branch"]["postings"]
        ),
        (
            &json!({ "totalCount": 0, "nodes": [] }),
            &json!({ "totalCount": 0 })
        ),
        "who was in the branch at a date: {public:#}"
    );
    assert_eq!(
        public["branch"]["operations"]["totalCount"], 0,
        "operations at a date: {public:#}"
    );
    assert!(
        !public["branch"]["timeline"]
            .to_string()
            .contains("detainee_informant"),
        "the branch's timeline: {public:#}"
    );
    assert_eq!(
        public["hidden"], public["random"],
        "a hidden id answers as an unknown one"
    );
    assert_eq!(public["hidden"]["totalCount"], 0);
    assert!(public["posting"].is_null());
    assert!(
        public["postingThen"].is_null(),
        "as of an instant: {public:#}"
    );
    assert_eq!(
        (
            &public["hiddenThen"]["totalCount"],
            &public["branchThen"]["personnel"]["totalCount"],
            &public["branchThen"]["postings"]["totalCount"],
        ),
        (&json!(0), &json!(0), &json!(0)),
        "the branch and the lists as of an instant: {public:#}"
    );
    assert!(
        !public["branchThen"]
            .to_string()
            .contains("detainee_informant"),
        "{public:#}"
    );
    assert_eq!(public["timeline"]["totalCount"], 0);
    assert_eq!(public["sanctions"]["totalCount"], 0, "{public:#}");
    assert!(
        public["statistics"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["subjectKind"] == "FACILITY")
            .all(|s| !s["subject"].is_null()),
        "no figure about a facility the public may not see: {public:#}"
    );
    assert!(
        !public["postingCounts"]
            .to_string()
            .to_lowercase()
            .contains("detainee_informant"),
        "{public:#}"
    );
    assert_eq!(public["entities"], json!([null]));
    assert_eq!(
        public["text"]["totalCount"], 0,
        "full-text search: {public:#}"
    );

    // Analysts see it all.
    let analyst = app.key(Role::Analyst).await;
    let seen = app.query_as(&analyst, probe, vars).await;
    assert_eq!(seen["hidden"]["totalCount"], 1);
    assert_eq!(seen["posting"]["activeAt"], "CERTAIN", "{seen:#}");
    assert_eq!(seen["postingThen"]["id"], seen["posting"]["id"], "{seen:#}");
    assert!(
        seen["facilitiesThen"].to_string().contains("sednaya")
            && seen["postingsThen"]
                .to_string()
                .contains("detainee_informant"),
        "{seen:#}"
    );
    assert_eq!(seen["posting"]["history"]["totalCount"], 1, "{seen:#}");
    assert_eq!(
        (
            &seen["hiddenThen"]["totalCount"],
            &seen["branchThen"]["personnel"]["totalCount"],
            &seen["branchThen"]["postings"]["totalCount"],
        ),
        (&json!(1), &json!(1), &json!(1)),
        "{seen:#}"
    );
    assert!(
        seen["branchThen"]["timeline"]
            .to_string()
            .contains("detainee_informant"),
        "{seen:#}"
    );
    assert_eq!(
        (&seen["branch"]["personnel"], &seen["branch"]["postings"]),
        (
            &json!({ "totalCount": 1, "nodes": [{ "role": "detainee_informant" }] }),
            &json!({ "totalCount": 1 })
        ),
        "{seen:#}"
    );
    assert_eq!(seen["branch"]["operations"]["totalCount"], 1, "{seen:#}");
    assert!(
        seen["branch"]["timeline"]
            .to_string()
            .contains("detainee_informant"),
        "the hidden posting is on the branch's timeline for analysts: {seen:#}"
    );
    assert!(
        seen["branch"]["timeline"]["totalCount"].as_u64()
            > public["branch"]["timeline"]["totalCount"].as_u64(),
        "and counted for them only"
    );
    assert_eq!(seen["timeline"]["totalCount"], 1);
    assert_eq!(seen["text"]["totalCount"], 1, "{seen:#}");
    assert!(
        seen["postingCounts"]
            .to_string()
            .to_lowercase()
            .contains("detainee_informant"),
        "{seen:#}"
    );
}

/// Aliases and citations stayed public after their record was restricted or archived;
/// restoring it must bring back only what was hidden because of it.
async fn restricting_or_archiving_hides_what_is_about_it_and_restoring_brings_back_only_that(
    app: TestApp,
) {
    let editor = app.key(Role::Editor).await;
    let raslan = id(NodeType::Person, "person", "anwar-raslan");
    let query =
        r#"query($p: ID!) { person(id: $p) { version aliases { id name } citations { id } } }"#;
    let before = app.query_ok(query, json!({ "p": raslan })).await["person"].clone();
    let alias = before["aliases"][0]["id"].as_str().unwrap().to_owned();
    let citations: Vec<String> = before["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    // One citation is made confidential in its own right.
    let own = &citations[0];
    app.set_visibility("Citation", own, "CONFIDENTIAL").await;

    let probe = r#"query($a: ID!, $c: ID!, $s: ID!) {
      alias: node(id: $a) { id } citation: node(id: $c) { id }
      source: node(id: $s) { ... on Source { citedIn(first: 100) { nodes { id } } citedBy(first: 100) { nodes { ... on Person { slug } } } } }
      search(query: "Rislan") { nodes { record { ... on Person { slug } } } }
    }"#;
    let source = id(NodeType::Source, "source", "snhr-statement-2022-01-13");
    let vars = json!({ "a": alias, "c": citations[1], "s": source });
    let public = app.query_ok(probe, vars.clone()).await;
    assert!(!public["alias"].is_null() && !public["citation"].is_null());
    assert!(
        public["search"].to_string().contains("anwar-raslan"),
        "{public:#}"
    );

    // Archive the person: everything about him goes, for every reader.
    let version = before["version"].as_i64().unwrap();
    write(
        &app,
        &editor,
        "mutation($p: ID!, $v: Int!) { archiveRecord(id: $p, expectedVersion: $v) }",
        json!({ "p": raslan, "v": version }),
    )
    .await;
    for key in [None, Some(editor.clone())] {
        let data = match &key {
            None => app.query_ok(probe, vars.clone()).await,
            Some(key) => app.query_as(key, probe, vars.clone()).await,
        };
        assert!(
            data["alias"].is_null() && data["citation"].is_null(),
            "{data:#}"
        );
        assert!(
            !data["search"].to_string().contains("anwar-raslan"),
            "{data:#}"
        );
        let cited_in = data["source"]["citedIn"]["nodes"].to_string();
        assert!(!cited_in.contains(&citations[1]), "{data:#}");
        assert!(
            !data["source"]["citedBy"]
                .to_string()
                .contains("anwar-raslan")
        );
    }

    // Restore him: his alias and citations are back, but the citation made confidential
    // in its own right stays confidential.
    write(
        &app,
        &editor,
        "mutation($p: ID!, $v: Int!) { restoreRecord(id: $p, expectedVersion: $v) { id } }",
        json!({ "p": raslan, "v": version + 1 }),
    )
    .await;
    let public = app.query_ok(probe, vars.clone()).await;
    assert!(
        !public["alias"].is_null() && !public["citation"].is_null(),
        "{public:#}"
    );
    assert!(
        public["search"].to_string().contains("anwar-raslan"),
        "{public:#}"
    );
    let own_probe = "query($c: ID!) { node(id: $c) { id } }";
    let analyst = app.key(Role::Analyst).await;
    assert!(app.query_as(&analyst, own_probe, json!({ "c": own })).await["node"].is_null());
    assert!(!app.query_as(&editor, own_probe, json!({ "c": own })).await["node"].is_null());
}

/// A public person whose roles become WITNESS stayed public.
async fn a_witness_role_added_later_restricts_the_person(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let raslan = id(NodeType::Person, "person", "anwar-raslan");
    let version = app
        .query_as(
            &editor,
            "query($p: ID!) { person(id: $p) { version } }",
            json!({ "p": raslan }),
        )
        .await["person"]["version"]
        .clone();
    let person = write(
        &app,
        &editor,
        "mutation($p: ID!, $v: Int!) { updatePerson(id: $p, expectedVersion: $v, input: { roles: [OFFICER, DEFENDANT, WITNESS] }) { visibility } }",
        json!({ "p": raslan, "v": version }),
    )
    .await;
    assert_eq!(person["updatePerson"]["visibility"], "RESTRICTED");
    let public = app
        .query_ok(
            "query($p: ID!) { person(id: $p) { name } verdicts { totalCount } }",
            json!({ "p": raslan }),
        )
        .await;
    assert!(public["person"].is_null());
    // His verdict is about him: hidden with him.
    assert_eq!(public["verdicts"]["totalCount"], 1, "{public:#}");
}

/// `daleel export --role public` writes only what the public may read.
async fn a_role_export_leaves_out_hidden_records_and_what_is_about_them(app: TestApp) {
    // A public officer's notes are for analysts: not in a public export either.
    let editor = app.key(Role::Editor).await;
    let raslan = id(NodeType::Person, "person", "anwar-raslan");
    app.query_as(
        &editor,
        r#"mutation($p: ID!) { updatePerson(id: $p, expectedVersion: 1, input: { notes: "internal research note", birthDate: "1963" }) { id } }"#,
        json!({ "p": raslan }),
    )
    .await;
    let dataset = daleel::service::exchange::export(
        &app.db,
        Some(daleel::service::access::Viewer::with_role(Role::Public)),
    )
    .await
    .unwrap();
    let text = serde_json::to_string(&dataset).unwrap();
    assert!(!text.contains(&seed_id("person", "feras-fayyad").to_string()));
    assert!(!text.contains("Fayyad"));
    assert!(
        !text.contains("effective_visibility"),
        "derived columns stay home"
    );
    let whole = daleel::service::exchange::export(&app.db, None)
        .await
        .unwrap();
    let whole = serde_json::to_string(&whole).unwrap();
    assert!(whole.contains(&seed_id("person", "feras-fayyad").to_string()));
    assert!(whole.contains("internal research note"));
}

/// A database from before the derived column: every row starts without a level (hidden
/// from every reader), and start-up derives them all, with the search index and the
/// posting tally.
async fn a_database_from_before_the_column_gets_its_visibility_derived(app: TestApp) {
    use sea_orm::ConnectionTrait;
    let query = r#"query($p: ID!) { facilities { totalCount } person(id: $p) { name } search(query: "Fayyad") { totalCount } persons { totalCount } postingCounts(by: BRANCH) { key count } }"#;
    let vars = json!({ "p": fayyad() });
    let before = app.query_ok(query, vars.clone()).await;
    for &node in NodeType::RECORDS {
        app.db
            .execute_unprepared(&format!(
                "UPDATE {} SET effective_visibility = NULL",
                node.table()
            ))
            .await
            .unwrap();
    }
    // The posting tally's migration counts such rows as hidden.
    for statement in daleel::service::tally::recount_all(app.db.get_database_backend()).unwrap() {
        app.db.execute_raw(statement).await.unwrap();
    }
    // Without a level, nothing shows.
    let blank = app.query_ok(query, vars.clone()).await;
    assert_eq!(blank["facilities"]["totalCount"], 0, "{blank:#}");
    assert_eq!(blank["postingCounts"], json!([]), "{blank:#}");
    daleel::db::migrate(&app.db).await.unwrap();
    let after = app.query_ok(query, vars).await;
    assert_eq!(after, before);
    assert!(
        after["person"].is_null(),
        "the witness is still hidden: {after:#}"
    );
    assert_eq!(after["search"]["totalCount"], 0);
}

/// Writes race: an editor restricts a person while others add postings of that person.
/// A posting's level is derived from its person's; without writes taking turns (the
/// `write_lock` row on PostgreSQL and MariaDB), each transaction derives from what the
/// other has not committed yet, and a posting of the restricted person stays public.
async fn racing_writes_leave_no_record_about_a_restricted_person_public(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let branch = id(NodeType::Branch, "branch", "branch-251");
    for round in 0..4 {
        let person = write(
            &app,
            &editor,
            r#"mutation($slug: String!) { createPerson(input: { slug: $slug, name: "Racing Person", roles: [OFFICER], visibility: PUBLIC }) { id } }"#,
            json!({ "slug": format!("racing-person-{round}") }),
        )
        .await["createPerson"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let postings = (0..12).map(|_| {
            write(
                &app,
                &editor,
                r#"mutation($p: ID!, $b: ID!) { createPosting(input: { personId: $p, branchId: $b, role: "officer" }) { id } }"#,
                json!({ "p": person, "b": branch }),
            )
        });
        let restrict = app.set_visibility("Person", &person, "RESTRICTED");
        let (_, written) = tokio::join!(restrict, futures_util::future::join_all(postings));
        assert_eq!(written.len(), 12);
        let public = app
            .query_ok(
                "query($p: ID!) { postings(filter: { personId: $p }) { totalCount } }",
                json!({ "p": person }),
            )
            .await;
        assert_eq!(
            public["postings"]["totalCount"], 0,
            "round {round}: a posting of the restricted person is public"
        );
        let analyst = app.key(Role::Analyst).await;
        let seen = app
            .query_as(
                &analyst,
                "query($p: ID!) { postings(filter: { personId: $p }) { totalCount } }",
                json!({ "p": person }),
            )
            .await;
        assert_eq!(
            seen["postings"]["totalCount"], 12,
            "every posting was stored"
        );
    }
}

crate::backend_tests!(
    a_database_from_before_the_column_gets_its_visibility_derived,
    the_built_in_data_names_no_hidden_person_in_public,
    records_about_a_hidden_record_are_hidden_with_it,
    restricting_or_archiving_hides_what_is_about_it_and_restoring_brings_back_only_that,
    a_witness_role_added_later_restricts_the_person,
    a_role_export_leaves_out_hidden_records_and_what_is_about_them,
    racing_writes_leave_no_record_about_a_restricted_person_public,
);
