//! Typed pinpoints: every built-in quote is at its character range in its seed capture
//! (read back over HTTP, sliced in Unicode characters); a pinpoint is checked on write
//! by every door (a mutation, an update of the quote, an import); and a citation pinned
//! into a capture is hidden whenever that capture is.

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const SNHR_TEXT: &str = include_str!("../../src/seed/texts/002_c2e90f8b8d505742.txt");

const PINPOINT: &str = r#"pinpoint { __typename
  ... on CharacterRange { start end capture { id sha256 contentUrl source { id } } }
  ... on ParagraphPinpoint { number capture { id } }
  ... on LineRange { start end capture { id } }
  ... on PageRange { start end capture { id } }
  ... on TimeRange { start end }
  ... on FramePinpoint { number }
  ... on CellPinpoint { sheet cell }
  ... on TextPinpoint { text } }"#;

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters `start..end` of `text`, counted in Unicode characters.
fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// The offsets, in characters, of `quote` in `text` (exactly as written there).
fn offsets_of(text: &str, quote: &str) -> (i64, i64) {
    let byte = text.find(quote).expect("the quote is in the text");
    let start = text[..byte].chars().count() as i64;
    (start, start + quote.chars().count() as i64)
}

fn snhr() -> String {
    encode_id(
        NodeType::Source,
        seed_id("source", "snhr-statement-2022-01-13"),
    )
}

fn snhr_capture() -> String {
    encode_id(
        NodeType::Capture,
        seed_id("capture", "snhr-statement-2022-01-13"),
    )
}

fn encyclopedia_capture() -> String {
    encode_id(
        NodeType::Capture,
        seed_id("capture", "encyclopedia-al-khatib-prison"),
    )
}

fn koblenz() -> String {
    encode_id(NodeType::Trial, seed_id("trial", "koblenz-trial"))
}

/// Every built-in citation of a source with a seed document is pinned by character
/// range into that document's capture, and the quote is exactly there, up to
/// whitespace: the content is read back from `/evidence` and cut at the offsets.
async fn built_in_quotes_are_at_their_pinpoints(app: TestApp) {
    let out = app.command(&["export"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dataset: Value = serde_json::from_slice(&out.stdout).unwrap();
    let captured: Vec<String> = dataset["tables"]["capture"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["source_id"].as_str().unwrap().to_owned())
        .collect();
    let ids: Vec<String> = dataset["tables"]["citation"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| captured.contains(&c["source_id"].as_str().unwrap().to_owned()))
        .map(|c| {
            encode_id(
                NodeType::Citation,
                c["id"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert!(
        ids.len() >= 150,
        "the built-in citations of seed documents: {}",
        ids.len()
    );

    // Some built-in citations are restricted (they support sensitive fields).
    let admin = app.key(Role::Admin).await;
    let mut contents: std::collections::HashMap<String, String> = Default::default();
    for chunk in ids.chunks(25) {
        let fields: String = chunk
            .iter()
            .enumerate()
            .map(|(n, id)| {
                format!(r#"c{n}: node(id: "{id}") {{ ... on Citation {{ quote source {{ id }} {PINPOINT} }} }} "#)
            })
            .collect();
        let body = app
            .query_as(&admin, &format!("{{ {fields} }}"), json!({}))
            .await;
        for n in 0..chunk.len() {
            let citation = &body[format!("c{n}")];
            let pin = &citation["pinpoint"];
            assert_eq!(pin["__typename"], "CharacterRange", "{citation:#}");
            assert_eq!(
                pin["capture"]["source"]["id"], citation["source"]["id"],
                "a pinpoint points into a capture of the cited source: {citation:#}"
            );
            let url = pin["capture"]["contentUrl"].as_str().unwrap().to_owned();
            if !contents.contains_key(&url) {
                let response = app.get(&url).await;
                assert_eq!(response.status(), 200);
                contents.insert(url.clone(), response.text().await.unwrap());
            }
            let text = &contents[&url];
            let (start, end) = (pin["start"].as_u64().unwrap(), pin["end"].as_u64().unwrap());
            let quote = citation["quote"].as_str().unwrap();
            assert_eq!(
                fold(&chars(text, start, end)),
                fold(quote),
                "characters {start}..{end}: {citation:#}"
            );
        }
    }
    assert_eq!(contents.len(), 3, "the three seed documents");
}

const ADD: &str = r#"mutation($input: AddCitationInput!) { addCitation(input: $input) { id version quote locator
  pinpoint { __typename ... on CharacterRange { start end capture { id } } ... on ParagraphPinpoint { number }
  ... on LineRange { start end } ... on PageRange { start end } ... on CellPinpoint { cell } } } }"#;

/// An editor's citation of the SNHR statement on the Koblenz trial, with `extra`.
fn citation(quote: &str, pinpoint: Value) -> Value {
    json!({
        "recordId": koblenz(),
        "sourceId": snhr(),
        "quote": quote,
        "pinpoint": pinpoint,
        "confidence": "HIGH",
    })
}

/// The first error's message, of a request that must fail.
async fn refused(app: &TestApp, key: &str, query: &str, variables: Value) -> String {
    let (status, body) = app
        .post_graphql_with(&format!("Bearer {key}"), query, variables)
        .await;
    assert_eq!(status, 200, "{body:#}");
    body["errors"][0]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error: {body:#}"))
        .to_owned()
}

/// Each kind of pinpoint is checked where it is written: a character range holds the
/// quote or is refused, saying what it reads; a paragraph and a line range exist and
/// hold it; a range past the end, a capture of another source, a time in a text and a
/// cell outside A1 notation are refused; changing the quote away from its pinpoint is
/// refused and changes nothing; and an import is held to the same rules.
async fn pinpoints_are_checked_on_write(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let quote = "the Higher Regional Court in Koblenz, Germany, convicted Anwar. R.";
    let (start, end) = offsets_of(SNHR_TEXT, quote);
    // Whitespace differs: the quote as a reader copies it.
    let copied = quote.replace(", ", ",  ");
    let added = app
        .query_as(
            &editor,
            ADD,
            json!({ "input": citation(&copied, json!({ "characters": { "capture": snhr_capture(), "start": start, "end": end } })) }),
        )
        .await["addCitation"]
        .clone();
    assert_eq!(
        added["pinpoint"],
        json!({ "__typename": "CharacterRange", "start": start, "end": end, "capture": { "id": snhr_capture() } })
    );

    // The range one character off no longer is the quote.
    let message = refused(
        &app,
        &editor,
        ADD,
        json!({ "input": citation(quote, json!({ "characters": { "capture": snhr_capture(), "start": start + 1, "end": end + 1 } })) }),
    )
    .await;
    assert!(
        message.contains("pinpoint")
            && message.contains("are not the quote")
            && message.contains("they read"),
        "{message}"
    );
    let length = SNHR_TEXT.chars().count() as i64;
    let message = refused(
        &app,
        &editor,
        ADD,
        json!({ "input": citation(quote, json!({ "characters": { "capture": snhr_capture(), "start": length - 2, "end": length + 5 } })) }),
    )
    .await;
    assert!(
        message.contains("past the end") && message.contains(&format!("{length} characters")),
        "{message}"
    );
    let message = refused(
        &app,
        &editor,
        ADD,
        json!({ "input": citation(quote, json!({ "characters": { "capture": encyclopedia_capture(), "start": start, "end": end } })) }),
    )
    .await;
    assert!(message.contains("another source"), "{message}");
    let message = refused(
        &app,
        &editor,
        ADD,
        json!({ "input": citation(quote, json!({ "time": { "capture": snhr_capture(), "start": 1.0, "end": 2.0 } })) }),
    )
    .await;
    assert!(message.contains("recording"), "{message}");
    let message = refused(
        &app,
        &editor,
        ADD,
        json!({ "input": citation(quote, json!({ "cell": { "cell": "12B" } })) }),
    )
    .await;
    assert!(message.contains("A1 notation"), "{message}");

    // Paragraphs are blocks between blank lines; lines count from 1.
    let paragraphs: Vec<String> = SNHR_TEXT
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    let holding = paragraphs
        .iter()
        .position(|p| fold(p).contains(quote))
        .unwrap() as i64
        + 1;
    let by_paragraph = app
        .query_as(
            &editor,
            ADD,
            json!({ "input": citation(quote, json!({ "paragraph": { "capture": snhr_capture(), "number": holding } })) }),
        )
        .await;
    assert_eq!(by_paragraph["addCitation"]["pinpoint"]["number"], holding);
    let message = refused(
        &app,
        &editor,
        ADD,
        json!({ "input": citation(quote, json!({ "paragraph": { "capture": snhr_capture(), "number": holding + 1 } })) }),
    )
    .await;
    assert!(message.contains("not found in paragraph"), "{message}");
    let message = refused(
        &app,
        &editor,
        ADD,
        json!({ "input": citation(quote, json!({ "paragraph": { "capture": snhr_capture(), "number": 500 } })) }),
    )
    .await;
    assert!(
        message.contains(&format!("has {} paragraphs", paragraphs.len())),
        "{message}"
    );
    let line = SNHR_TEXT.lines().position(|l| l.contains(quote)).unwrap() as i64 + 1;
    app.query_as(
        &editor,
        ADD,
        json!({ "input": citation(quote, json!({ "lines": { "capture": snhr_capture(), "start": line } })) }),
    )
    .await;
    // A page of a source without a capture named: nothing to check it against.
    let page = app
        .query_as(
            &editor,
            ADD,
            json!({ "input": citation(quote, json!({ "page": { "start": 3, "end": 4 } })) }),
        )
        .await;
    assert_eq!(
        page["addCitation"]["pinpoint"],
        json!({ "__typename": "PageRange", "start": 3, "end": 4 })
    );

    // Changing the quote away from its pinpoint is refused; the citation stays as it was.
    let update = r#"mutation($id: ID!, $v: Int!, $quote: String) { updateCitation(id: $id, expectedVersion: $v, input: { quote: $quote }) { id } }"#;
    let message = refused(
        &app,
        &editor,
        update,
        json!({ "id": added["id"], "v": added["version"], "quote": "Anwar R. was acquitted" }),
    )
    .await;
    assert!(message.contains("are not the quote"), "{message}");
    let read = app
        .query_ok(
            r#"query($id: ID!) { node(id: $id) { ... on Citation { version quote } } }"#,
            json!({ "id": added["id"] }),
        )
        .await;
    assert_eq!(
        read["node"],
        json!({ "version": added["version"], "quote": copied })
    );

    // An import goes through the same door: a pinpoint that does not hold is refused,
    // and nothing of the import is written.
    let (dataset, _, before) = export_with_a_wrong_quote(&app);
    let out = import(&app, &dataset);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        said.contains("citation") && said.contains("are not the quote"),
        "{said}"
    );
    let again = app.command(&["export"]);
    let stored: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        stored["tables"]["citation"].as_array().unwrap().len(),
        before
    );
}

/// A citation pinned into a capture is hidden whenever the capture is, from the public,
/// by the record's citations, by id and through federation; analysts see it.
async fn a_citation_is_hidden_with_the_capture_it_points_into(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let quote = "the Higher Regional Court in Koblenz, Germany, convicted Anwar. R.";
    let (start, end) = offsets_of(SNHR_TEXT, quote);
    let added = app
        .query_as(
            &editor,
            ADD,
            json!({ "input": citation(quote, json!({ "characters": { "capture": snhr_capture(), "start": start, "end": end } })) }),
        )
        .await["addCitation"]
        .clone();
    let id = added["id"].as_str().unwrap().to_owned();
    let probe = r#"query($t: ID!, $c: ID!) { node(id: $c) { id }
      trial: node(id: $t) { ... on Trial { citations { id } } }
      entities: _entities(representations: [{ __typename: "Citation", id: $c }]) { __typename } }"#;
    let vars = json!({ "t": koblenz(), "c": id });
    let cited = |body: &Value| {
        body["trial"]["citations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id.as_str())
    };
    let public = app.query_ok(probe, vars.clone()).await;
    assert!(
        cited(&public) && public["node"]["id"] == id.as_str(),
        "{public:#}"
    );

    app.set_visibility("Capture", &snhr_capture(), "RESTRICTED")
        .await;
    let public = app.query_ok(probe, vars.clone()).await;
    assert!(public["node"].is_null(), "{public:#}");
    assert!(!cited(&public), "{public:#}");
    assert_eq!(public["entities"], json!([null]), "federation: {public:#}");
    // The trial's citations of its other sources stay; those of the restricted
    // capture's quotes go with it.
    let left = public["trial"]["citations"].as_array().unwrap().len();
    assert!(left > 0, "{public:#}");
    let analyst = app.key(Role::Analyst).await;
    let seen = app.query_as(&analyst, probe, vars).await;
    assert_eq!(seen["node"]["id"], id.as_str());
    assert!(cited(&seen));
    assert!(seen["trial"]["citations"].as_array().unwrap().len() > left);
}

/// The export of `app` with one pinned built-in quote changed to words its document
/// never says: the dataset, that citation's id, and how many citations it holds.
fn export_with_a_wrong_quote(app: &TestApp) -> (Value, String, usize) {
    let out = app.command(&["export"]);
    let mut dataset: Value = serde_json::from_slice(&out.stdout).unwrap();
    let citations = dataset["tables"]["citation"].as_array_mut().unwrap();
    let count = citations.len();
    let pinned = citations
        .iter_mut()
        .find(|c| {
            c["pinpoint"]
                .as_str()
                .is_some_and(|p| p.contains("characters"))
        })
        .unwrap();
    pinned["quote"] = json!("words the document never says");
    let id = encode_id(
        NodeType::Citation,
        pinned["id"].as_str().unwrap().parse().unwrap(),
    );
    (dataset, id, count)
}

/// `daleel import` of `dataset` into `app`'s database.
fn import(app: &TestApp, dataset: &Value) -> std::process::Output {
    let file = std::env::temp_dir().join(format!("daleel-pinpoint-{}.json", uuid::Uuid::new_v4()));
    std::fs::write(&file, serde_json::to_vec(dataset).unwrap()).unwrap();
    let out = app.command(&["import", file.to_str().unwrap()]);
    std::fs::remove_file(&file).ok();
    out
}

/// A plain JSON exchange carries no content: a range into a capture whose text the
/// importing server does not hold cannot be checked there, and is accepted as written;
/// `daleel check` checks it once the content is in the store, and finds the one that
/// does not hold.
async fn an_unchecked_pinpoint_is_checked_once_its_content_arrives(app: TestApp) {
    let (dataset, id, _) = export_with_a_wrong_quote(&app);

    let twin = crate::helpers::spawn_app_with(app.backend, |s| s.no_seed = true)
        .await
        .unwrap();
    let imported = import(&twin, &dataset);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let clean = twin.command(&["check"]);
    assert!(
        clean.status.success(),
        "nothing to check against yet: {}",
        String::from_utf8_lossy(&clean.stdout)
    );

    // The seed documents reach the twin's store (as a bundle would bring them).
    for text in [
        &include_bytes!("../../src/seed/texts/000_f99af5c53372b8e4.txt")[..],
        &include_bytes!("../../src/seed/texts/001_fd61ff74db2e5b6f.txt")[..],
        SNHR_TEXT.as_bytes(),
    ] {
        twin.evidence().put(text).unwrap();
    }
    let check = twin.command(&["check"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(!check.status.success(), "{said}");
    assert!(
        said.contains(&id) && said.contains("are not the quote"),
        "{said}"
    );
    assert!(
        said.contains("1 finding(s)"),
        "only the altered one: {said}"
    );
}

crate::backend_tests!(
    an_unchecked_pinpoint_is_checked_once_its_content_arrives,
    built_in_quotes_are_at_their_pinpoints,
    pinpoints_are_checked_on_write,
    a_citation_is_hidden_with_the_capture_it_points_into,
);
