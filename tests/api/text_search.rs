//! `textSearch`: every text, both languages, with snippets and filters, through the one
//! index the domain layer keeps in step; nothing hidden matches, counts or shows.

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};

const TEXT_SEARCH: &str = r#"query($q: String!, $types: [RecordType!], $lang: Language,
    $filter: TextSearchFilter, $first: Int, $after: String) {
  textSearch(query: $q, types: $types, lang: $lang, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      field lang score snippet(pre: "[", post: "]", words: 40) locator
      source { id }
      record {
        __typename id
        ... on Facility { name }
        ... on Branch { name }
        ... on Person { name }
        ... on Event { title }
        ... on Verdict { description }
        ... on Statistic { description }
        ... on Citation { quote }
      }
    }
  }
}"#;

fn id(node: NodeType, section: &str, key: &str) -> String {
    encode_id(node, seed_id(section, key))
}

async fn search_as(app: &TestApp, key: Option<&str>, vars: Value) -> Value {
    match key {
        Some(key) => app.query_as(key, TEXT_SEARCH, vars).await["textSearch"].clone(),
        None => app.query_ok(TEXT_SEARCH, vars).await["textSearch"].clone(),
    }
}

async fn search(app: &TestApp, q: &str) -> Value {
    search_as(app, None, json!({ "q": q })).await
}

fn hits(result: &Value) -> &Vec<Value> {
    result["nodes"].as_array().expect("nodes")
}

fn ids(result: &Value) -> Vec<String> {
    hits(result)
        .iter()
        .map(|h| h["record"]["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The phrases an analyst starts from (issue 17) find what a person would expect, first
/// where one record is clearly best.
async fn the_analysts_phrases_find_what_a_person_expects(app: TestApp) {
    // "Where do the sources talk about salt rooms": the figure that reports them, then
    // the quote of its source, with the words marked.
    let salt = search(&app, "salt rooms").await;
    let first = &hits(&salt)[0];
    assert_eq!(first["record"]["__typename"], "Statistic", "{salt:#}");
    let snippet = first["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("[rooms] with [salt]"),
        "the snippet marks both words: {snippet}"
    );
    assert!(
        hits(&salt)
            .iter()
            .any(|h| h["record"]["__typename"] == "Citation" && !h["source"].is_null()),
        "the source's own words, with their source: {salt:#}"
    );

    // "Which records mention transporting demonstrators": al-Gharib, his verdict, and
    // the sources' words, every one of them with both words marked.
    let gharib = search(&app, "transporting demonstrators").await;
    assert_eq!(
        hits(&gharib)[0]["record"]["id"],
        id(NodeType::Person, "person", "eyad-al-gharib"),
        "{gharib:#}"
    );
    let types: Vec<&str> = hits(&gharib)
        .iter()
        .map(|h| h["record"]["__typename"].as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"Verdict") && types.contains(&"Citation"),
        "{types:?}"
    );
    for hit in hits(&gharib) {
        let snippet = hit["snippet"].as_str().unwrap();
        assert!(
            snippet.contains("[transporting] [demonstrators]"),
            "{snippet}"
        );
    }
    // A stem finds the other forms of the word.
    let transport = search(&app, "transport demonstrators").await;
    assert_eq!(transport["totalCount"], gharib["totalCount"]);

    // "Everything about the 27 detainees": the figure of 27 first, in either digits.
    let latin = search(&app, "27 detainees").await;
    let first = &hits(&latin)[0];
    assert_eq!(first["record"]["__typename"], "Statistic", "{latin:#}");
    let arabic = search(&app, "٢٧ detainees").await;
    assert_eq!(ids(&arabic), ids(&latin), "Arabic-Indic digits are digits");

    // "مسلخ": Sednaya, called a slaughterhouse, found from the Arabic texts.
    let maslakh = search(&app, "مسلخ").await;
    let sednaya = id(NodeType::Facility, "facility", "sednaya-prison");
    assert!(
        ids(&maslakh).contains(&sednaya),
        "the prison's Arabic description says it: {maslakh:#}"
    );
    assert!(hits(&maslakh).iter().all(|h| h["lang"] == "ar"));
    assert!(
        hits(&maslakh)
            .iter()
            .all(|h| h["snippet"].as_str().unwrap().contains("[مسلخ]")),
        "{maslakh:#}"
    );

    // A name in Arabic with the article finds the records named without it, and back.
    for query in [
        "الخطيب",
        "خطيب",
        "al-Khatib",
        "Al Khatib",
        "Alkhatib",
        "khatib",
    ] {
        let found = search(&app, query).await;
        let top: Vec<String> = ids(&found).into_iter().take(3).collect();
        assert!(
            top.contains(&id(NodeType::Facility, "facility", "al-khatib-prison")),
            "{query}: {found:#}"
        );
    }
}

/// Every text a record holds is searchable, in each of its languages, and a write keeps
/// the index in step in its own transaction: a new word is found, a replaced one is not.
async fn every_text_and_language_is_searchable_and_follows_writes(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let branch = id(NodeType::Branch, "branch", "branch-251");
    let raslan = id(NodeType::Person, "person", "anwar-raslan");
    let created = app
        .query_as(
            &editor,
            r#"mutation($b: ID!, $p: ID!) {
              posting: createPosting(input: { personId: $p, branchId: $b, role: "officer",
                title: "keeper of the quillwort ledger" },
                translations: [{ field: "title", lang: AR, text: "أمين سجل الزنبق", status: UNREVIEWED, translatedBy: "test" }]) { id version }
              event: createEvent(input: { kind: OTHER, title: "The marigold transfer", date: "2013",
                description: "Detainees were moved at night.", records: [$b] }) { id }
            }"#,
            json!({ "b": branch, "p": raslan }),
        )
        .await;
    let posting = created["posting"]["id"].as_str().unwrap().to_owned();
    let found = search(&app, "quillwort").await;
    assert_eq!(ids(&found), std::slice::from_ref(&posting));
    assert_eq!(hits(&found)[0]["field"], "title");
    assert_eq!(hits(&found)[0]["lang"], "en");
    // The Arabic translation is searchable, and `lang` keeps to one language.
    let arabic = search_as(&app, None, json!({ "q": "الزنبق", "lang": "AR" })).await;
    assert_eq!(ids(&arabic), std::slice::from_ref(&posting));
    assert_eq!(hits(&arabic)[0]["lang"], "ar");
    let english_only = search_as(&app, None, json!({ "q": "الزنبق", "lang": "EN" })).await;
    assert_eq!(english_only["totalCount"], 0);
    // An event's title and description.
    assert_eq!(search(&app, "marigold").await["totalCount"], 1);
    // A posting's role is found by its label, in both languages.
    let role = search_as(
        &app,
        None,
        json!({ "q": "quillwort officer", "types": ["POSTING"] }),
    )
    .await;
    assert_eq!(ids(&role), std::slice::from_ref(&posting), "{role:#}");

    // Rewriting the title replaces its words.
    let version = created["posting"]["version"].as_i64().unwrap();
    app.query_as(
        &editor,
        r#"mutation($id: ID!, $v: Int!) { updatePosting(id: $id, expectedVersion: $v,
            input: { title: "keeper of the foxglove ledger" }) { id } }"#,
        json!({ "id": posting, "v": version }),
    )
    .await;
    assert_eq!(search(&app, "quillwort").await["totalCount"], 0);
    assert_eq!(
        ids(&search(&app, "foxglove").await),
        std::slice::from_ref(&posting)
    );

    // The built-in texts of every kind: a charge's crime, a testimony's summary (the
    // analyst's), a source's title, a statistic's metric.
    let analyst = app.key(Role::Analyst).await;
    for (query, typename) in [
        ("\"sexual assault\"", "Charge"),
        ("first witness", "Testimony"),
        ("encyclopedia article", "Source"),
    ] {
        let found = search_as(&app, Some(&analyst), json!({ "q": query, "first": 100 })).await;
        assert!(
            hits(&found)
                .iter()
                .any(|h| h["record"]["__typename"] == typename),
            "{query} finds a {typename}: {found:#}"
        );
    }

    // A quote is in its source's language: when the source's language changes, its
    // quotes move with it, though no citation was written.
    let quote = json!({ "q": "\"force confessions\"", "types": ["CITATION"], "lang": "EN" });
    let before = search_as(&app, None, quote.clone()).await;
    assert!(before["totalCount"].as_u64().unwrap() > 0, "{before:#}");
    let source = id(NodeType::Source, "source", "encyclopedia-al-khatib-prison");
    let version = app
        .query_ok(
            "query($id: ID!) { node(id: $id) { ... on Source { version } } }",
            json!({ "id": source }),
        )
        .await["node"]["version"]
        .as_i64()
        .unwrap();
    app.query_as(
        &editor,
        r#"mutation($id: ID!, $v: Int!) { updateSource(id: $id, expectedVersion: $v,
            input: { language: "de" }) { id } }"#,
        json!({ "id": source, "v": version }),
    )
    .await;
    assert_eq!(search_as(&app, None, quote).await["totalCount"], 0);
    let anywhere = search_as(
        &app,
        None,
        json!({ "q": "\"force confessions\"", "types": ["CITATION"] }),
    )
    .await;
    assert_eq!(anywhere["totalCount"], before["totalCount"], "{anywhere:#}");
    assert!(
        hits(&anywhere).iter().all(|h| h["lang"] == "de"),
        "{anywhere:#}"
    );
}

/// Quoted phrases keep their words together, `-word` excludes, pages and types narrow.
async fn phrases_exclusions_pages_and_bad_queries(app: TestApp) {
    let loose = search(&app, "humanity crimes").await;
    let phrase = search(&app, "\"humanity crimes\"").await;
    assert!(loose["totalCount"].as_u64().unwrap() > 0);
    assert_eq!(phrase["totalCount"], 0, "not in that order anywhere");
    let ordered = search(&app, "\"crimes against humanity\"").await;
    assert!(ordered["totalCount"].as_u64().unwrap() > 0);

    let all = search(&app, "Sednaya").await;
    let without = search(&app, "Sednaya -association").await;
    let total = all["totalCount"].as_u64().unwrap();
    let kept = without["totalCount"].as_u64().unwrap();
    assert!(kept < total && kept > 0, "{kept} of {total}");

    // Pages: two halves are the whole, in order, without repeats.
    let first = search_as(&app, None, json!({ "q": "Sednaya", "first": 3 })).await;
    assert_eq!(hits(&first).len(), 3);
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    let rest = search_as(
        &app,
        None,
        json!({ "q": "Sednaya", "first": 100, "after": first["pageInfo"]["endCursor"] }),
    )
    .await;
    let mut paged = ids(&first);
    paged.extend(ids(&rest));
    assert_eq!(
        paged,
        ids(&search_as(&app, None, json!({ "q": "Sednaya", "first": 100 })).await)
    );

    let events = search_as(&app, None, json!({ "q": "Sednaya", "types": ["EVENT"] })).await;
    assert!(
        hits(&events)
            .iter()
            .all(|h| h["record"]["__typename"] == "Event")
    );
    assert!(events["totalCount"].as_u64().unwrap() > 0);

    for (bad, says) in [
        ("  «» ", "no word"),
        ("-only", "no word"),
        ("a b c d e f g h i j k l m n", "at most 12"),
    ] {
        let body = app.post_graphql(TEXT_SEARCH, json!({ "q": bad })).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{bad}: {body:#}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(says),
            "{body:#}"
        );
    }
    // SQL and LIKE patterns are words to look for.
    for literal in ["' OR 1=1 --", "kh%b", "x'); DROP TABLE text_token; --"] {
        assert_eq!(search(&app, literal).await["totalCount"], 0, "{literal}");
    }
}

/// Dates, confidence and what a hit is about narrow the hits.
async fn filters_beside_the_text(app: TestApp) {
    let sednaya = id(NodeType::Facility, "facility", "sednaya-prison");
    let about = search_as(
        &app,
        None,
        json!({ "q": "detainees", "first": 100, "filter": { "aboutId": sednaya } }),
    )
    .await;
    let every = search_as(&app, None, json!({ "q": "detainees", "first": 100 })).await;
    assert!(about["totalCount"].as_u64().unwrap() > 0, "{about:#}");
    assert!(about["totalCount"].as_u64() < every["totalCount"].as_u64());
    assert!(
        !ids(&about).contains(&id(NodeType::Facility, "facility", "al-khatib-prison")),
        "{about:#}"
    );

    // Events in 2017 only.
    let dated = search_as(
        &app,
        None,
        json!({ "q": "Sednaya", "types": ["EVENT"], "filter": { "during": { "from": "2017-01-01", "to": "2017-12-31" } } }),
    )
    .await;
    let all_events = search_as(&app, None, json!({ "q": "Sednaya", "types": ["EVENT"] })).await;
    assert!(dated["totalCount"].as_u64().unwrap() > 0, "{dated:#}");
    assert!(dated["totalCount"].as_u64() < all_events["totalCount"].as_u64());

    // High confidence keeps fewer or as many.
    let high = search_as(
        &app,
        None,
        json!({ "q": "Sednaya", "first": 100, "filter": { "minConfidence": "HIGH" } }),
    )
    .await;
    let low = search_as(
        &app,
        None,
        json!({ "q": "Sednaya", "first": 100, "filter": { "minConfidence": "LOW" } }),
    )
    .await;
    assert!(high["totalCount"].as_u64() <= low["totalCount"].as_u64());
    assert!(low["totalCount"].as_u64().unwrap() > 0);

    let trial = id(NodeType::Trial, "trial", "koblenz-trial");
    let body = app
        .post_graphql(
            TEXT_SEARCH,
            json!({ "q": "torture", "filter": { "aboutId": trial } }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
}

/// Nothing hidden from a reader matches, counts, excludes or shows: for every role.
async fn nothing_hidden_leaks_for_any_role(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let analyst = app.key(Role::Analyst).await;
    let admin = app.key(Role::Admin).await;
    // A public facility whose name shares a word with a confidential one.
    for (slug, visibility, description) in [
        (
            "open-centre",
            "PUBLIC",
            "The periwinkle wing held detainees.",
        ),
        (
            "closed-centre",
            "CONFIDENTIAL",
            "The periwinkle cellar held a witness, zinnia.",
        ),
    ] {
        app.query_as(
            &editor,
            r#"mutation($i: CreateFacilityInput!) { createFacility(input: $i) { id } }"#,
            json!({ "i": { "slug": slug, "name": slug, "kind": "DETENTION_CENTER", "status": "UNKNOWN",
                           "description": description, "visibility": visibility } }),
        )
        .await;
    }
    let count = |v: &Value| v["totalCount"].as_u64().unwrap();
    for (key, periwinkle, zinnia) in [
        (None, 1, 0),
        (Some(analyst.as_str()), 1, 0),
        (Some(editor.as_str()), 2, 1),
        (Some(admin.as_str()), 2, 1),
    ] {
        let found = search_as(&app, key, json!({ "q": "periwinkle" })).await;
        assert_eq!(count(&found), periwinkle, "{key:?}: {found:#}");
        assert_eq!(hits(&found).len() as u64, periwinkle);
        let found = search_as(&app, key, json!({ "q": "zinnia" })).await;
        assert_eq!(count(&found), zinnia, "{key:?}");
        // Excluding a word only the hidden record holds changes nothing for its non-readers.
        let excluded = search_as(&app, key, json!({ "q": "periwinkle -zinnia" })).await;
        assert_eq!(count(&excluded), 1, "{key:?}");
    }
    // The public hit's score is the same whatever else holds the word.
    let public = search(&app, "periwinkle").await;
    let as_editor = search_as(&app, Some(&editor), json!({ "q": "periwinkle detainees" })).await;
    assert_eq!(count(&as_editor), 1);
    assert_eq!(
        hits(&public)[0]["score"],
        hits(&search(&app, "periwinkle").await)[0]["score"]
    );

    // The restricted witness: his name, his aliases, his testimony, the records about
    // him — for the public, nothing; for an analyst, his records.
    for query in ["Fayyad", "Firas", "فراس فياض", "first witness"] {
        let public = search(&app, query).await;
        assert_eq!(count(&public), 0, "{query}: {public:#}");
        assert!(!public.to_string().contains("Fayyad"));
        let seen = search_as(&app, Some(&analyst), json!({ "q": query })).await;
        assert!(count(&seen) > 0, "{query}");
    }

    // A person's notes are for analysts and above.
    let person = app
        .query_as(
            &editor,
            r#"mutation { createPerson(input: { slug: "noted", name: "Noted Person", roles: [OFFICER],
                notes: "asphodel", description: "An officer." }) { id } }"#,
            json!({}),
        )
        .await;
    assert!(!person["createPerson"]["id"].is_null());
    assert_eq!(count(&search(&app, "asphodel").await), 0);
    let seen = search_as(&app, Some(&analyst), json!({ "q": "asphodel" })).await;
    assert_eq!(count(&seen), 1);
    assert_eq!(hits(&seen)[0]["field"], "notes");

    // Restricting a record takes its texts, and the texts about it, from the public.
    let sednaya = id(NodeType::Facility, "facility", "sednaya-prison");
    let before = count(&search(&app, "مسلخ").await);
    app.set_visibility("Facility", &sednaya, "RESTRICTED").await;
    let after = search(&app, "مسلخ").await;
    assert!(!ids(&after).contains(&sednaya), "{after:#}");
    assert!(count(&after) < before);
    let stat = search(&app, "salt rooms").await;
    assert_eq!(
        count(&stat),
        0,
        "the figure and quotes about Sednaya go with it: {stat:#}"
    );
    let seen = search_as(&app, Some(&analyst), json!({ "q": "مسلخ" })).await;
    assert_eq!(count(&seen), before);
}

crate::backend_tests!(
    the_analysts_phrases_find_what_a_person_expects,
    every_text_and_language_is_searchable_and_follows_writes,
    phrases_exclusions_pages_and_bad_queries,
    filters_beside_the_text,
    nothing_hidden_leaks_for_any_role,
);
