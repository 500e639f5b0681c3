//! Arabic and English: the request's language from `Accept-Language`, the `lang`
//! argument over it, labels for every coded value, and dates as people write them.

use std::collections::{BTreeMap, BTreeSet};

use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// POSTs `query` with `Accept-Language: accept` (none when `None`); returns the answer's
/// `Content-Language` and its data, failing on any error.
async fn ask(app: &TestApp, accept: Option<&str>, query: &str) -> (String, Value) {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": query }));
    if let Some(accept) = accept {
        request = request.header("accept-language", accept);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    let language = response
        .headers()
        .get("content-language")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body: Value = response.json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body:#}");
    (language, body["data"].clone())
}

const DASHBOARD: &str = r#"{
  trials { nodes { period { edtf display } } }
  verdictCounts(by: OUTCOME) { key label }
  english: verdictCounts(by: OUTCOME) { label(lang: EN) }
  arabic: verdictCounts(by: OUTCOME) { label(lang: AR) }
}"#;

async fn accept_language_picks_the_language_and_lang_overrides_it(app: TestApp) {
    let cases = [
        (Some("ar"), "ar"),
        (Some("ar-SY,ar;q=0.9,en;q=0.8"), "ar"),
        (Some("en-GB;q=0.8,en;q=0.7,ar;q=0.9"), "ar"),
        (Some("en-US,en;q=0.9,ar;q=0.8"), "en"),
        (Some("fr-CH, fr;q=0.9, ar;q=0.5, en;q=0.4"), "ar"),
        (Some("ar;q=0, en;q=0.1"), "en"),
        (Some("fr-CH, fr;q=0.9"), "en"),
        (Some("not a language header;;q=zz"), "en"),
        (None, "en"),
    ];
    for (accept, expected) in cases {
        let (language, data) = ask(&app, accept, DASHBOARD).await;
        assert_eq!(language, expected, "Content-Language for {accept:?}");
        let period = &data["trials"]["nodes"][0]["period"];
        assert_eq!(period["edtf"], "2019/2022");
        assert_eq!(period["display"], "2019 – 2022");
        let label = &data["verdictCounts"][0]["label"];
        let want = if expected == "ar" {
            "إدانة"
        } else {
            "Convicted"
        };
        assert_eq!(label, want, "bucket label for {accept:?}");
        // The argument wins over the header, in both directions.
        assert_eq!(data["english"][0]["label"], "Convicted");
        assert_eq!(data["arabic"][0]["label"], "إدانة");
    }
    // A month is written in the request's language, and in the one the argument asks.
    let query = r#"{ postings(filter: { role: "head_of_department" }) { nodes {
        period { edtf display english: display(lang: EN) gulf: display(arabicMonths: GREGORIAN, digits: ARABIC_INDIC) }
    } } }"#;
    let (_, data) = ask(&app, Some("ar-SY"), query).await;
    let period = &data["postings"]["nodes"][0]["period"];
    assert_eq!(period["edtf"], "2011-01/2012-09");
    assert_eq!(period["display"], "كانون الثاني 2011 – أيلول 2012");
    assert_eq!(period["english"], "January 2011 – September 2012");
    assert_eq!(period["gulf"], "يناير ٢٠١١ – سبتمبر ٢٠١٢");
    // Caches keep one answer per language.
    let response = app
        .client
        .get(format!("{}/graphql?query={{labels{{label}}}}", app.address))
        .header("accept", "application/json")
        .header("accept-language", "ar")
        .send()
        .await
        .unwrap();
    let vary = response.headers()["vary"].to_str().unwrap().to_owned();
    assert!(vary.contains("Accept-Language"), "{vary}");
    assert_eq!(response.headers()["content-language"], "ar");
}

/// Over a WebSocket, operations read in the language of the upgrade's `Accept-Language`.
async fn a_websocket_reads_in_the_language_of_its_upgrade(app: TestApp) {
    if !tokio::task::spawn_blocking(crate::node::ensure_installed)
        .await
        .unwrap()
    {
        return;
    }
    let url = format!("{}/graphql", app.address.replacen("http", "ws", 1));
    let messages = json!([{ "id": "1", "type": "subscribe", "payload": {
        "query": "{ verdictCounts(by: OUTCOME) { label english: label(lang: EN) } }"
    } }]);
    for (accept, expected) in [
        ("ar-SY,ar;q=0.9", "إدانة"),
        ("en-GB", "Convicted"),
        ("", "Convicted"),
    ] {
        let out = crate::node::run_script(
            "ws-probe.mjs",
            &[&url, &messages.to_string(), "1500", "", accept],
            std::time::Duration::from_secs(60),
        )
        .await;
        let next: Value = out
            .lines()
            .map(|line| serde_json::from_str::<Value>(line).unwrap())
            .find(|m| m["type"] == "next")
            .unwrap_or_else(|| panic!("no answer in {out}"));
        let bucket = &next["payload"]["data"]["verdictCounts"][0];
        assert_eq!(bucket["label"], expected, "Accept-Language: {accept:?}");
        assert_eq!(bucket["english"], "Convicted");
    }
}

/// Enums that are how a query is asked, not values a dashboard prints.
const NOT_PRINTED: &[&str] = &[
    "SortDirection",
    "ArabicMonthNames",
    "DigitStyle",
    "SearchableType",
];

fn counts_of_syria(labels: &Value) -> Option<String> {
    labels
        .as_array()?
        .iter()
        .find(|l| l["vocabulary"] == "Country" && l["value"] == "SY")
        .and_then(|l| l["label"].as_str().map(str::to_owned))
}

async fn every_enum_value_has_a_label_in_both_languages(app: TestApp) {
    let schema = app
        .query_ok(
            "{ __schema { types { kind name enumValues { name } } } }",
            json!({}),
        )
        .await;
    let enums: BTreeMap<String, BTreeSet<String>> = schema["__schema"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "ENUM")
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .filter(|name| {
            !name.starts_with("__")
                && !name.starts_with("link__")
                && !name.ends_with("OrderField")
                && !name.ends_with("Grouping")
                && !NOT_PRINTED.contains(&name.as_str())
        })
        .map(|name| {
            let values = schema["__schema"]["types"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["name"] == name.as_str())
                .unwrap()["enumValues"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["name"].as_str().unwrap().to_owned())
                .collect();
            (name, values)
        })
        .collect();
    assert!(enums.contains_key("FacilityKind") && enums.contains_key("RecordType"));
    let data = app
        .query_ok(
            "{ en: labels(lang: EN) { vocabulary value label lang } ar: labels(lang: AR) { vocabulary value label lang } }",
            json!({}),
        )
        .await;
    for (lang, arabic) in [("en", false), ("ar", true)] {
        let labels = data[lang].as_array().unwrap();
        let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for label in labels {
            assert_eq!(label["lang"], lang.to_uppercase());
            let text = label["label"].as_str().unwrap();
            let has_arabic = text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
            assert_eq!(has_arabic, arabic, "{label}");
            seen.entry(label["vocabulary"].as_str().unwrap().to_owned())
                .or_default()
                .insert(label["value"].as_str().unwrap().to_owned());
        }
        for (name, values) in &enums {
            assert_eq!(
                seen.get(name),
                Some(values),
                "{lang}: the labels of {name} are its values"
            );
        }
        for open in ["PostingRole", "StatisticMetric"] {
            assert!(seen.contains_key(open), "{open}");
        }
    }
    assert_eq!(
        counts_of_syria(&data["ar"]),
        Some("سوريا".to_owned()),
        "countries have names"
    );
    // A bucket reads as the label of its value.
    let arabic: BTreeMap<(String, String), String> = data["ar"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                (
                    l["vocabulary"].as_str().unwrap().to_owned(),
                    l["value"].as_str().unwrap().to_owned(),
                ),
                l["label"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let counts = app
        .query_ok(
            r#"{
              kind: facilityCounts(by: KIND) { key label(lang: AR) }
              role: postingCounts(by: ROLE) { key label(lang: AR) }
              metric: statisticCounts(by: METRIC) { key label(lang: AR) }
              event: eventCounts(by: KIND) { key label(lang: AR) }
              country: facilityCounts(by: COUNTRY) { key label(lang: AR) }
            }"#,
            json!({}),
        )
        .await;
    for (field, vocabulary) in [
        ("kind", "FacilityKind"),
        ("role", "PostingRole"),
        ("metric", "StatisticMetric"),
        ("event", "EventKind"),
        ("country", "Country"),
    ] {
        let buckets = counts[field].as_array().unwrap();
        assert!(!buckets.is_empty(), "{field}");
        for bucket in buckets {
            let key = bucket["key"].as_str().unwrap().to_owned();
            assert_eq!(
                Some(bucket["label"].as_str().unwrap()),
                arabic
                    .get(&(vocabulary.to_owned(), key))
                    .map(String::as_str),
                "{field}: {bucket}"
            );
        }
    }
}

/// Whether the door stores `edtf`: daleel keeps dates of the years 1 to 9999, and cuts
/// the bounds of one that reaches outside only through unspecified digits (`XXXX`).
fn storable(edtf: &str) -> bool {
    let date = daleel::edtf::Edtf::parse(edtf).unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
    let last = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    let inside = [date.earliest(), date.latest()]
        .into_iter()
        .flatten()
        .all(|day| (first..=last).contains(&day));
    let cut_meets = match (date.earliest(), date.latest()) {
        (Some(from), Some(to)) => from.max(first) <= to.min(last),
        _ => true,
    };
    inside || (edtf.contains('X') && cut_meets)
}

async fn every_date_form_reads_in_both_languages(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let create = r#"mutation($date: String!, $title: String!) {
        createEvent(input: { kind: OTHER, title: $title, date: $date },
            translations: [{ field: "title", lang: AR, text: "شكل تاريخ", status: UNREVIEWED, translatedBy: "daleel test" }]) {
            arabic: title(lang: AR)
            date { edtf en: display(lang: EN) ar: display(lang: AR) }
        }
    }"#;
    let mut stored = 0;
    for (i, (edtf, english, arabic)) in daleel::i18n::dates::EXAMPLES.iter().enumerate() {
        let variables = json!({ "date": edtf, "title": format!("Date form {i}") });
        let (status, body) = app
            .post_graphql_with(&format!("Bearer {editor}"), create, variables)
            .await;
        assert_eq!(status, 200);
        if !storable(edtf) {
            // Years before 1 or after 9999 are refused at the door, clearly.
            assert_eq!(
                crate::helpers::error_code(&body),
                "BAD_USER_INPUT",
                "{edtf}"
            );
            let message = crate::helpers::single_error(&body)["message"]
                .as_str()
                .unwrap();
            assert!(message.contains("years 1 to 9999"), "{edtf}: {message}");
            continue;
        }
        assert!(body.get("errors").is_none(), "{edtf}: {body:#}");
        assert_eq!(body["data"]["createEvent"]["arabic"], "شكل تاريخ");
        let date = &body["data"]["createEvent"]["date"];
        assert_eq!(date["edtf"], *edtf);
        assert_eq!(date["en"], *english, "{edtf}");
        assert_eq!(date["ar"], *arabic, "{edtf}");
        stored += 1;
    }
    assert!(stored >= 20, "most forms are storable");
    // Read back from the database, in the request's language.
    let body: Value = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("accept-language", "ar")
        .header("authorization", format!("Bearer {editor}"))
        .json(&json!({
            "query": r#"{ timeline(filter: { kinds: [OTHER] }, first: 100) { nodes { title(lang: EN) date { edtf display } } } }"#
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body.get("errors").is_none(), "{body:#}");
    let mut checked = 0;
    for node in body["data"]["timeline"]["nodes"].as_array().unwrap() {
        let Some(i) = node["title"]
            .as_str()
            .and_then(|t| t.strip_prefix("Date form "))
            .and_then(|i| i.parse::<usize>().ok())
        else {
            continue;
        };
        let (edtf, _, arabic) = daleel::i18n::dates::EXAMPLES[i];
        assert_eq!(node["date"]["edtf"], edtf);
        assert_eq!(node["date"]["display"], arabic, "{edtf}");
        checked += 1;
    }
    assert_eq!(checked, stored);
}

crate::backend_tests!(
    a_websocket_reads_in_the_language_of_its_upgrade,
    accept_language_picks_the_language_and_lang_overrides_it,
    every_enum_value_has_a_label_in_both_languages,
    every_date_form_reads_in_both_languages,
);
