//! Writes of the linking and fact records: postings, operations, verdicts and charges,
//! statistics, events and their links, sanctions and testimonies. Each shows where the
//! reads look for it; references are typed and checked; versions stop stale writes.

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};

/// The global id of a seeded record.
fn seeded(node: NodeType, section: &str, key: &str) -> String {
    encode_id(node, seed_id(section, key))
}

fn raslan() -> String {
    seeded(NodeType::Person, "person", "anwar-raslan")
}

fn branch_251() -> String {
    seeded(NodeType::Branch, "branch", "branch-251")
}

fn koblenz() -> String {
    seeded(NodeType::Trial, "trial", "koblenz-trial")
}

fn facility(key: &str) -> String {
    seeded(NodeType::Facility, "facility", key)
}

/// Runs `query` as `key` and returns the whole body (errors included).
async fn attempt(app: &TestApp, key: &str, query: &str, variables: Value) -> Value {
    app.post_graphql_with(&format!("Bearer {key}"), query, variables)
        .await
        .1
}

/// Asserts a BAD_USER_INPUT error whose message names `field`.
fn assert_bad_input(body: &Value, field: &str) {
    assert_eq!(error_code(body), "BAD_USER_INPUT", "{field}: {body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains(field), "{field}: {message}");
}

fn ids(nodes: &Value) -> Vec<Value> {
    nodes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].clone())
        .collect()
}

async fn audit_count(app: &TestApp) -> u64 {
    let admin = app.key(Role::Admin).await;
    app.query_as(&admin, "{ auditLog { totalCount } }", json!({}))
        .await["auditLog"]["totalCount"]
        .as_u64()
        .unwrap()
}

const CREATE_POSTING: &str = r#"mutation($input: CreatePostingInput!) {
  createPosting(input: $input) { id version role rank title period { edtf earliest } person { slug } branch { slug } }
}"#;

async fn a_posting_shows_in_its_branch_and_person(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let created = app
        .query_as(&editor, CREATE_POSTING, json!({ "input": {
            "personId": raslan(), "branchId": branch_251(), "role": " interrogation_officer ",
            "rank": "colonel", "title": "Leiter der Ermittlungsabteilung", "period": "2010/2011" } }))
        .await["createPosting"]
        .clone();
    assert_eq!(created["role"], "interrogation_officer", "trimmed");
    assert_eq!(created["period"]["earliest"], "2010-01-01");
    assert_eq!(created["person"]["slug"], "anwar-raslan");
    assert_eq!(created["branch"]["slug"], "branch-251");
    let id = created["id"].clone();

    let read = app
        .query_ok(
            r#"query($p: ID!, $b: ID!) {
              person(id: $p) { postings(first: 50) { nodes { id } } }
              branch(id: $b) { postings(first: 50) { nodes { id } } }
            }"#,
            json!({ "p": raslan(), "b": branch_251() }),
        )
        .await;
    assert!(ids(&read["person"]["postings"]["nodes"]).contains(&id));
    assert!(ids(&read["branch"]["postings"]["nodes"]).contains(&id));

    let update = r#"mutation($id: ID!, $input: UpdatePostingInput!) {
      updatePosting(id: $id, expectedVersion: 1, input: $input) { version role rank title }
    }"#;
    let updated = app
        .query_as(
            &editor,
            update,
            json!({ "id": id, "input": { "role": "head_of_department", "title": null } }),
        )
        .await["updatePosting"]
        .clone();
    assert_eq!(
        updated,
        json!({ "version": 2, "role": "head_of_department", "rank": "colonel", "title": null }),
        "omitted fields stay, null clears"
    );

    // Roles are normalised snake_case; anything else is refused, naming the field.
    let body = attempt(
        &app,
        &editor,
        CREATE_POSTING,
        json!({ "input": { "personId": raslan(), "branchId": branch_251(), "role": "Head of Branch" } }),
    )
    .await;
    assert_bad_input(&body, "role");
    let body = attempt(
        &app,
        &editor,
        CREATE_POSTING,
        json!({ "input": { "personId": raslan(), "branchId": branch_251(), "role": "guard", "period": "2012-13" } }),
    )
    .await;
    assert_bad_input(&body, "period");

    // An operation: the branch's facilities follow.
    let operation = app
        .query_as(&editor, r#"mutation($f: ID!, $b: ID!) { createFacilityOperation(input: { facilityId: $f, branchId: $b, period: "2011/2012" }) { id facility { slug } branch { slug } } }"#,
            json!({ "f": facility("sednaya-prison"), "b": branch_251() }))
        .await["createFacilityOperation"]
        .clone();
    assert_eq!(operation["facility"]["slug"], "sednaya-prison");
    let read = app
        .query_ok(
            "query($b: ID!) { branch(id: $b) { operations(first: 50) { nodes { id } } } }",
            json!({ "b": branch_251() }),
        )
        .await;
    assert!(ids(&read["branch"]["operations"]["nodes"]).contains(&operation["id"]));
}

async fn a_verdict_and_its_charge_show_under_the_person(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let verdict = app
        .query_as(&editor, r#"mutation($t: ID!, $p: ID!) {
          createVerdict(input: { trialId: $t, personId: $p, date: "2023-06", outcome: PARTIALLY_CONVICTED,
                                 sentence: "12 years", sentenceMonths: 144, appealStatus: PENDING }) {
            id version outcome sentence { text months life } appealStatus date { edtf }
          }
        }"#, json!({ "t": koblenz(), "p": raslan() }))
        .await["createVerdict"]
        .clone();
    assert_eq!(verdict["outcome"], "PARTIALLY_CONVICTED");
    assert_eq!(verdict["sentence"]["months"], 144);
    assert_eq!(verdict["sentence"]["life"], false);
    let charge = app
        .query_as(&editor, r#"mutation($v: ID!) {
          createCharge(input: { verdictId: $v, crime: "deprivation of liberty", legalProvision: "§ 239 StGB", count: 3, disposition: CONVICTED }) { id crime count disposition }
        }"#, json!({ "v": verdict["id"] }))
        .await["createCharge"]
        .clone();
    assert_eq!(charge["count"], 3);

    let read = app
        .query_ok(
            r#"query($p: ID!) { person(id: $p) { verdicts(first: 50) { nodes { id outcome charges(first: 50) { nodes { id crime count disposition } } } } } }"#,
            json!({ "p": raslan() }),
        )
        .await;
    let verdicts = read["person"]["verdicts"]["nodes"].as_array().unwrap();
    let mine = verdicts
        .iter()
        .find(|v| v["id"] == verdict["id"])
        .expect("the new verdict is listed");
    assert_eq!(
        mine["charges"]["nodes"],
        json!([{ "id": charge["id"], "crime": "deprivation of liberty", "count": 3, "disposition": "CONVICTED" }])
    );

    // Updates: null clears a nullable field; the range of months and counts is checked.
    let updated = app
        .query_as(&editor, r#"mutation($id: ID!) {
          updateVerdict(id: $id, expectedVersion: 1, input: { outcome: CONVICTED, sentenceMonths: null, lifeSentence: true, appealStatus: FINAL }) { version outcome sentence { months life } appealStatus }
        }"#, json!({ "id": verdict["id"] }))
        .await["updateVerdict"]
        .clone();
    assert_eq!(
        updated,
        json!({ "version": 2, "outcome": "CONVICTED", "sentence": { "months": null, "life": true }, "appealStatus": "FINAL" })
    );
    let body = attempt(&app, &editor, r#"mutation($id: ID!) { updateVerdict(id: $id, expectedVersion: 2, input: { sentenceMonths: 1201 }) { id } }"#, json!({ "id": verdict["id"] })).await;
    assert_bad_input(&body, "sentenceMonths");
    let body = attempt(&app, &editor, r#"mutation($id: ID!) { updateCharge(id: $id, expectedVersion: 1, input: { count: 0 }) { id } }"#, json!({ "id": charge["id"] })).await;
    assert_bad_input(&body, "count");
    let body = attempt(&app, &editor, r#"mutation($v: ID!) { createCharge(input: { verdictId: $v, crime: " ", disposition: CHARGED }) { id } }"#, json!({ "v": verdict["id"] })).await;
    assert_bad_input(&body, "crime");
}

const CREATE_STATISTIC: &str = r#"mutation($input: CreateStatisticInput!) {
  createStatistic(input: $input) { id version metric valueMin valueMax approximation unit subjectKind country subject { ... on Facility { slug } } claimant { slug } }
}"#;

async fn statistic_count(app: &TestApp) -> u64 {
    app.query_ok("{ statistics { totalCount } }", json!({}))
        .await["statistics"]["totalCount"]
        .as_u64()
        .unwrap()
}

async fn statistics_check_their_range_and_subject(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let before = statistic_count(&app).await;
    let audits = audit_count(&app).await;
    let base = json!({ "metric": "deaths_in_detention", "valueMin": 100, "valueMax": 200, "approximation": "APPROXIMATE",
                       "subjectKind": "FACILITY", "subjectId": facility("sednaya-prison"),
                       "claimantId": seeded(NodeType::Organization, "organization", "snhr") });
    let with = |change: Value| {
        let mut input = base.clone();
        for (k, v) in change.as_object().unwrap() {
            input[k] = v.clone();
        }
        json!({ "input": input })
    };
    let cases = [
        (json!({ "valueMin": 300 }), "valueMin"),
        (json!({ "valueMin": -1 }), "valueMin"),
        (json!({ "valueMin": null, "valueMax": null }), "valueMin"),
        (json!({ "metric": "Deaths in detention" }), "metric"),
        (json!({ "period": "2011/2010" }), "period"),
        (json!({ "subjectId": null }), "subjectId"),
        (
            json!({ "subjectKind": "COUNTRY", "country": "SY" }),
            "subjectId",
        ),
        (
            json!({ "subjectKind": "COUNTRY", "subjectId": null }),
            "country",
        ),
        (json!({ "subjectKind": "BRANCH" }), "subjectId"),
        (json!({ "claimantId": branch_251() }), "claimantId"),
        (json!({ "country": "Syria" }), "country"),
    ];
    for (change, field) in cases {
        let body = attempt(&app, &editor, CREATE_STATISTIC, with(change)).await;
        assert_bad_input(&body, field);
    }
    assert_eq!(statistic_count(&app).await, before, "nothing was stored");
    assert_eq!(audit_count(&app).await, audits, "nor audited");

    let created = app
        .query_as(&editor, CREATE_STATISTIC, with(json!({})))
        .await["createStatistic"]
        .clone();
    assert_eq!(created["unit"], "persons", "the default unit");
    assert_eq!(created["subject"]["slug"], "sednaya-prison");
    assert_eq!(created["claimant"]["slug"], "snhr");
    let country = app
        .query_as(&editor, CREATE_STATISTIC, with(json!({ "subjectKind": "COUNTRY", "subjectId": null, "country": "sy", "valueMin": null })))
        .await["createStatistic"]
        .clone();
    assert_eq!(country["country"], "SY");
    assert!(country["subject"].is_null());
    assert_eq!(statistic_count(&app).await, before + 2);

    // An update is checked as a whole: a new minimum above the stored maximum is refused.
    let update = r#"mutation($id: ID!, $input: UpdateStatisticInput!) { updateStatistic(id: $id, expectedVersion: 1, input: $input) { version valueMin valueMax subjectKind } }"#;
    let body = attempt(
        &app,
        &editor,
        update,
        json!({ "id": created["id"], "input": { "valueMin": 250 } }),
    )
    .await;
    assert_bad_input(&body, "valueMin");
    let body = attempt(
        &app,
        &editor,
        update,
        json!({ "id": created["id"], "input": { "subjectKind": "AGENCY" } }),
    )
    .await;
    assert_bad_input(&body, "subjectId");
    let agency = seeded(
        NodeType::Agency,
        "agency",
        "general-intelligence-directorate",
    );
    let updated = app
        .query_as(&editor, update, json!({ "id": created["id"], "input": { "valueMax": null, "subjectKind": "AGENCY", "subjectId": agency } }))
        .await["updateStatistic"]
        .clone();
    assert_eq!(
        updated,
        json!({ "version": 2, "valueMin": 100, "valueMax": null, "subjectKind": "AGENCY" })
    );
}

const TIMELINE_TITLES: &str =
    r#"query($id: ID!) { timeline(filter: { recordId: $id }, first: 100) { nodes { title } } }"#;

async fn titles_for(app: &TestApp, id: &str) -> Vec<String> {
    app.query_ok(TIMELINE_TITLES, json!({ "id": id })).await["timeline"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn an_event_moves_with_its_records(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let (khatib, sednaya) = (facility("al-khatib-prison"), facility("sednaya-prison"));
    let title = "Inspection visit";
    let created = app
        .query_as(&editor, r#"mutation($records: [ID!]) {
          createEvent(input: { kind: OTHER, title: "Inspection visit", date: "2013-05", records: $records }) { id version records { __typename } }
        }"#, json!({ "records": [khatib, raslan(), khatib] }))
        .await["createEvent"]
        .clone();
    assert_eq!(
        created["records"].as_array().unwrap().len(),
        2,
        "each record once"
    );
    assert!(titles_for(&app, &khatib).await.contains(&title.to_owned()));
    assert!(
        titles_for(&app, &raslan())
            .await
            .contains(&title.to_owned())
    );
    assert!(!titles_for(&app, &sednaya).await.contains(&title.to_owned()));

    let update = r#"mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $input) { version title records { ... on Facility { slug } ... on Person { slug } } } }"#;
    let updated = app
        .query_as(
            &editor,
            update,
            json!({ "id": created["id"], "v": 1, "input": { "records": [raslan(), sednaya] } }),
        )
        .await["updateEvent"]
        .clone();
    assert_eq!(updated["version"], 2);
    assert!(
        !titles_for(&app, &khatib).await.contains(&title.to_owned()),
        "the dropped record's timeline loses it"
    );
    assert!(titles_for(&app, &sednaya).await.contains(&title.to_owned()));
    assert!(
        titles_for(&app, &raslan())
            .await
            .contains(&title.to_owned()),
        "a kept record keeps it"
    );

    // Omitting `records` leaves them; a restricted event drops out of the public timeline.
    app.query_as(
        &editor,
        update,
        json!({ "id": created["id"], "v": 2, "input": { "visibility": "RESTRICTED" } }),
    )
    .await;
    assert!(!titles_for(&app, &sednaya).await.contains(&title.to_owned()));
    let analyst = app.key(Role::Analyst).await;
    let seen = app
        .query_as(&analyst, TIMELINE_TITLES, json!({ "id": sednaya }))
        .await;
    assert!(
        seen["timeline"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["title"] == title)
    );

    // Only records of the linkable kinds, and only ones that exist.
    let source = seeded(NodeType::Source, "source", "encyclopedia-al-khatib-prison");
    let missing = encode_id(NodeType::Facility, uuid::Uuid::new_v4());
    for bad in [source, missing] {
        let body = attempt(
            &app,
            &editor,
            update,
            json!({ "id": created["id"], "v": 3, "input": { "records": [bad] } }),
        )
        .await;
        assert_bad_input(&body, "records");
    }
    assert!(
        !titles_for(&app, &raslan())
            .await
            .contains(&title.to_owned()),
        "the restricted event stays out of the public timeline"
    );
    let still = app
        .query_as(&analyst, TIMELINE_TITLES, json!({ "id": sednaya }))
        .await;
    assert!(
        still["timeline"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["title"] == title),
        "failed updates changed nothing"
    );
}

async fn a_testimony_is_restricted_by_default(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let witness = seeded(NodeType::Person, "person", "feras-fayyad");
    let created = app
        .query_as(&editor, r#"mutation($w: ID!, $t: ID!) {
          createTestimony(input: { witnessId: $w, trialId: $t, summary: "Described interrogations in the basement.", given: "2020-06" }) { id visibility summary }
        }"#, json!({ "w": witness, "t": koblenz() }))
        .await["createTestimony"]
        .clone();
    assert_eq!(created["visibility"], "RESTRICTED");
    let read = "query($id: ID!) { testimony(id: $id) { summary trial { slug } } }";
    let public = app.query_ok(read, json!({ "id": created["id"] })).await;
    assert!(public["testimony"].is_null(), "the public does not see it");
    let analyst = app
        .query_as(
            &app.key(Role::Analyst).await,
            read,
            json!({ "id": created["id"] }),
        )
        .await;
    assert_eq!(
        analyst["testimony"],
        json!({ "summary": "Described interrogations in the basement.", "trial": { "slug": "koblenz-trial" } })
    );
    // It is given in a trial or about a facility; a summary is required.
    let body = attempt(
        &app,
        &editor,
        r#"mutation($w: ID!) { createTestimony(input: { witnessId: $w, summary: "x" }) { id } }"#,
        json!({ "w": witness }),
    )
    .await;
    assert_bad_input(&body, "trialId");
    let body = attempt(&app, &editor, r#"mutation($w: ID!, $t: ID!) { createTestimony(input: { witnessId: $w, trialId: $t, summary: "" }) { id } }"#, json!({ "w": witness, "t": koblenz() })).await;
    assert_bad_input(&body, "summary");
}

async fn a_stale_version_is_a_conflict(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let sanction = app
        .query_as(&editor, r#"mutation($b: ID!) { createSanction(input: { targetId: $b, authorityName: "EU Council", program: "Syria", listed: "2012-05" }) { id version target { ... on Branch { slug } } } }"#,
            json!({ "b": branch_251() }))
        .await["createSanction"]
        .clone();
    assert_eq!(sanction["target"]["slug"], "branch-251");
    let update = r#"mutation($id: ID!, $v: Int!, $input: UpdateSanctionInput!) { updateSanction(id: $id, expectedVersion: $v, input: $input) { version program authorityName } }"#;
    let first = app
        .query_as(
            &editor,
            update,
            json!({ "id": sanction["id"], "v": 1, "input": { "program": "Syria (EU)" } }),
        )
        .await;
    assert_eq!(first["updateSanction"]["version"], 2);
    let body = attempt(
        &app,
        &editor,
        update,
        json!({ "id": sanction["id"], "v": 1, "input": { "program": "Overwritten" } }),
    )
    .await;
    assert_eq!(error_code(&body), "CONFLICT", "{body:#}");
    // An authority must remain, by id or by name.
    let body = attempt(
        &app,
        &editor,
        update,
        json!({ "id": sanction["id"], "v": 2, "input": { "authorityName": null } }),
    )
    .await;
    assert_bad_input(&body, "authorityId");
    let current = app
        .query_ok(
            "query($id: ID!) { sanction(id: $id) { version program authorityName } }",
            json!({ "id": sanction["id"] }),
        )
        .await;
    assert_eq!(
        current["sanction"],
        json!({ "version": 2, "program": "Syria (EU)", "authorityName": "EU Council" })
    );

    // The audit log has both writes, before and after.
    let admin = app.key(Role::Admin).await;
    let log = app
        .query_as(&admin, "query($id: ID!) { auditLog(filter: { recordId: $id }) { nodes { operation recordType before after } } }", json!({ "id": sanction["id"] }))
        .await;
    let entries = log["auditLog"]["nodes"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["operation"], "update");
    assert_eq!(entries[0]["recordType"], "Sanction");
    assert_eq!(entries[0]["before"]["program"], "Syria");
    assert_eq!(entries[0]["after"]["program"], "Syria (EU)");
}

async fn references_of_the_wrong_type_are_refused(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let audits = audit_count(&app).await;
    let cases = [
        (
            CREATE_POSTING,
            json!({ "input": { "personId": branch_251(), "branchId": branch_251(), "role": "guard" } }),
            "personId",
        ),
        (
            CREATE_POSTING,
            json!({ "input": { "personId": raslan(), "branchId": raslan(), "role": "guard" } }),
            "branchId",
        ),
        (
            CREATE_POSTING,
            json!({ "input": { "personId": "not-an-id", "branchId": branch_251(), "role": "guard" } }),
            "personId",
        ),
        (
            r#"mutation($f: ID!, $b: ID!) { createFacilityOperation(input: { facilityId: $f, branchId: $b }) { id } }"#,
            json!({ "f": koblenz(), "b": branch_251() }),
            "facilityId",
        ),
        (
            r#"mutation($t: ID!) { createSanction(input: { targetId: $t, authorityName: "US Treasury" }) { id } }"#,
            json!({ "t": facility("sednaya-prison") }),
            "targetId",
        ),
        (
            r#"mutation($t: ID!, $p: ID!) { createVerdict(input: { trialId: $t, personId: $p, outcome: CONVICTED }) { id } }"#,
            json!({ "t": raslan(), "p": raslan() }),
            "trialId",
        ),
        (
            r#"mutation($w: ID!, $f: ID!) { createTestimony(input: { witnessId: $w, facilityId: $f, summary: "x" }) { id } }"#,
            json!({ "w": raslan(), "f": koblenz() }),
            "facilityId",
        ),
    ];
    for (query, variables, field) in cases {
        let body = attempt(&app, &editor, query, variables).await;
        assert_bad_input(&body, field);
    }
    // Updates decode their own id by type too.
    let body = attempt(&app, &editor, r#"mutation($id: ID!) { updatePosting(id: $id, expectedVersion: 1, input: { rank: "major" }) { id } }"#, json!({ "id": raslan() })).await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
    // Readers may not write at all.
    let analyst = app.key(Role::Analyst).await;
    let body = attempt(
        &app,
        &analyst,
        CREATE_POSTING,
        json!({ "input": { "personId": raslan(), "branchId": branch_251(), "role": "guard" } }),
    )
    .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body:#}");
    assert_eq!(audit_count(&app).await, audits, "nothing was written");
}

crate::backend_tests!(
    a_posting_shows_in_its_branch_and_person,
    a_verdict_and_its_charge_show_under_the_person,
    statistics_check_their_range_and_subject,
    an_event_moves_with_its_records,
    a_testimony_is_restricted_by_default,
    a_stale_version_is_a_conflict,
    references_of_the_wrong_type_are_refused,
);
