//! Texts in both languages: the built-in data in Arabic, fallback that a client can
//! tell, translations written through the one door (checked, versioned, audited, and
//! held to the hidden-name rule in both scripts), quotes kept verbatim, Arabic names
//! found by search and filters, and the exchange round trip.

use std::collections::BTreeSet;

use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, single_error};

fn has_arabic(text: &str) -> bool {
    text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// The (field, lang) pairs of a record's `translations`.
fn languages(record: &Value) -> BTreeSet<(String, String)> {
    record["translations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["field"].as_str().unwrap().to_owned(),
                t["lang"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const TRANSLATIONS: &str = "translations { field lang text status translatedBy }";

async fn the_built_in_data_reads_in_arabic(app: TestApp) {
    let query = format!(
        r#"{{
          facilities {{ nodes {{ slug name description location {{ city neighbourhood }} {TRANSLATIONS} }} }}
          organizations {{ nodes {{ name {TRANSLATIONS} }} }}
          sources {{ nodes {{ title {TRANSLATIONS} }} }}
          agencies {{ nodes {{ name {TRANSLATIONS} }} }}
          branches {{ nodes {{ name {TRANSLATIONS} }} }}
          persons {{ nodes {{ name {TRANSLATIONS} }} }}
          postings {{ nodes {{ title roleLabel {TRANSLATIONS} }} }}
          trials {{ nodes {{ name {TRANSLATIONS} }} }}
          verdicts {{ nodes {{ sentence {{ text }} {TRANSLATIONS} charges(first: 10) {{ nodes {{ crime {TRANSLATIONS} }} }} }} }}
          statistics {{ nodes {{ unit metricLabel {TRANSLATIONS} }} }}
          timeline(first: 100) {{ nodes {{ title {TRANSLATIONS} }} }}
        }}"#
    );
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("accept-language", "ar-SY")
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body:#}");
    let data = &body["data"];
    let khatib = data["facilities"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["slug"] == "al-khatib-prison")
        .unwrap();
    // A name the alias list gives is the original; the rest are the project's
    // translations, unreviewed and saying so.
    assert_eq!(khatib["name"], "سجن الخطيب");
    assert!(has_arabic(khatib["description"].as_str().unwrap()));
    assert!(has_arabic(khatib["location"]["city"].as_str().unwrap()));
    let entries = khatib["translations"].as_array().unwrap();
    let find = |field: &str, lang: &str| {
        entries
            .iter()
            .find(|t| t["field"] == field && t["lang"] == lang)
            .unwrap()
            .clone()
    };
    assert_eq!(find("name", "AR")["status"], "ORIGINAL");
    assert_eq!(find("name", "EN")["text"], "Al-Khatib prison");
    assert_eq!(find("name", "EN")["status"], "ORIGINAL");
    let description = find("description", "AR");
    assert_eq!(description["status"], "UNREVIEWED");
    assert!(
        description["translatedBy"]
            .as_str()
            .unwrap()
            .contains("unreviewed")
    );
    // Every public text of the built-in records has an Arabic value.
    let mut records: Vec<&Value> = Vec::new();
    for list in [
        "facilities",
        "organizations",
        "sources",
        "agencies",
        "branches",
        "persons",
        "postings",
        "trials",
        "statistics",
    ] {
        records.extend(data[list]["nodes"].as_array().unwrap());
    }
    records.extend(data["timeline"]["nodes"].as_array().unwrap());
    for verdict in data["verdicts"]["nodes"].as_array().unwrap() {
        records.push(verdict);
        records.extend(verdict["charges"]["nodes"].as_array().unwrap());
    }
    assert!(records.len() > 40, "{}", records.len());
    for record in records {
        let langs = languages(record);
        for (field, lang) in &langs {
            if lang == "EN" {
                assert!(
                    langs.contains(&(field.clone(), "AR".into())),
                    "no Arabic {field} in {record:#}"
                );
            }
        }
    }
    // A count keyed by a record reads as its name in the asked language.
    let counts = app
        .query_ok(
            "{ postingCounts(by: BRANCH) { key label(lang: AR) } agency: postingCounts(by: AGENCY) { label(lang: AR) } }",
            json!({}),
        )
        .await;
    let labels: Vec<&str> = counts["postingCounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["label"].as_str())
        .collect();
    assert!(labels.contains(&"فرع الخطيب"), "{labels:?}");
    assert_eq!(counts["agency"][0]["label"], "إدارة المخابرات العامة");
    let statistic = &data["statistics"]["nodes"][0];
    assert!(has_arabic(statistic["unit"].as_str().unwrap()));
    assert!(has_arabic(statistic["metricLabel"].as_str().unwrap()));
}

/// A facility made for the test, and an editor's key.
async fn new_facility(app: &TestApp) -> (String, String) {
    let editor = app.key(Role::Editor).await;
    let created = app
        .query_as(
            &editor,
            r#"mutation { createFacility(input: { slug: "translated-prison", name: "Translated prison", kind: PRISON, status: ACTIVE, description: "A place." }) { id } }"#,
            json!({}),
        )
        .await;
    (
        editor,
        created["createFacility"]["id"].as_str().unwrap().to_owned(),
    )
}

const SET: &str = r#"mutation($id: ID!, $v: Int!, $values: [TranslationInput!]!) {
    setTranslations(id: $id, expectedVersion: $v, values: $values) {
        ... on Facility { version name(lang: AR) english: name(lang: EN) description(lang: AR) translations { field lang text status translatedBy } }
    }
}"#;

async fn translations_go_through_the_door(app: TestApp) {
    let (editor, id) = new_facility(&app).await;
    let bearer = format!("Bearer {editor}");
    let set = |version: i64, values: Value| {
        let bearer = bearer.clone();
        let id = id.clone();
        let app = &app;
        async move {
            app.post_graphql_with(
                &bearer,
                SET,
                json!({ "id": id, "v": version, "values": values }),
            )
            .await
            .1
        }
    };
    // A translation says who made it.
    let body = set(
        1,
        json!([{ "field": "name", "lang": "AR", "text": "سجن مترجم", "status": "UNREVIEWED" }]),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    assert!(
        single_error(&body)["message"]
            .as_str()
            .unwrap()
            .contains("translatedBy")
    );
    // A field that is a code, not a text, cannot be translated; the message lists those
    // that can.
    let body = set(
        1,
        json!([{ "field": "kind", "lang": "AR", "text": "سجن", "status": "ORIGINAL" }]),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    let message = single_error(&body)["message"].as_str().unwrap().to_owned();
    assert!(message.contains("`kind` cannot be translated"), "{message}");
    assert!(message.contains("description"), "{message}");
    // Checked like the field: control characters and lengths.
    for text in ["سجن\u{7}", &"س".repeat(300)] {
        let body = set(
            1,
            json!([{ "field": "name", "lang": "AR", "text": text, "status": "ORIGINAL" }]),
        )
        .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{text}");
    }
    // Nothing of the refused writes was stored.
    let read = app
        .query_as(
            &editor,
            "query($id: ID!) { node(id: $id) { ... on Facility { version translations { lang } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(read["node"]["version"], 1);
    // Set: the Arabic name; the description falls back to English, and says so.
    let body = set(
        1,
        json!([{ "field": "name", "lang": "AR", "text": "  سجن مترجم ", "status": "UNREVIEWED", "translatedBy": "A. Translator" }]),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let facility = &body["data"]["setTranslations"];
    assert_eq!(facility["version"], 2);
    assert_eq!(facility["name"], "سجن مترجم", "trimmed like the field");
    assert_eq!(facility["english"], "Translated prison");
    assert_eq!(facility["description"], "A place.");
    let langs = languages(facility);
    assert!(langs.contains(&("name".into(), "AR".into())));
    assert!(langs.contains(&("description".into(), "EN".into())));
    assert!(!langs.contains(&("description".into(), "AR".into())));
    // English through the same mutation is the field itself, with its status.
    let body = set(
        2,
        json!([
            { "field": "name", "lang": "EN", "text": "Translated Prison", "status": "REVIEWED", "translatedBy": "B. Reviewer" },
            { "field": "name", "lang": "AR", "text": "سجن مترجم", "status": "ORIGINAL" },
        ]),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let facility = &body["data"]["setTranslations"];
    assert_eq!(facility["english"], "Translated Prison");
    let entries = facility["translations"].as_array().unwrap();
    let english = entries
        .iter()
        .find(|t| t["field"] == "name" && t["lang"] == "EN")
        .unwrap();
    assert_eq!(english["status"], "REVIEWED");
    assert_eq!(english["translatedBy"], "B. Reviewer");
    // A stale version is a conflict; removing a value is `text: null`.
    let body = set(
        2,
        json!([{ "field": "name", "lang": "AR", "text": null, "status": "ORIGINAL" }]),
    )
    .await;
    assert_eq!(error_code(&body), "CONFLICT");
    let body = set(3, json!([{ "field": "name", "lang": "AR", "text": null }])).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    assert_eq!(
        body["data"]["setTranslations"]["name"], "Translated Prison",
        "no Arabic left: the English comes back"
    );
    // A required field's English cannot be removed.
    let body = set(
        4,
        json!([{ "field": "name", "lang": "EN", "text": null, "status": "ORIGINAL" }]),
    )
    .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    // An editor who rewrites the English has written an original: the status goes.
    let rewritten = app
        .query_as(
            &editor,
            r#"mutation($id: ID!) { updateFacility(id: $id, expectedVersion: 4, input: { name: "Rewritten prison" }) {
                translations { field lang status translatedBy } } }"#,
            json!({ "id": id }),
        )
        .await;
    let entries = rewritten["updateFacility"]["translations"]
        .as_array()
        .unwrap();
    let english = entries
        .iter()
        .find(|t| t["field"] == "name" && t["lang"] == "EN")
        .unwrap();
    assert_eq!(english["status"], "ORIGINAL");
    assert_eq!(english["translatedBy"], Value::Null);
    // Every accepted write is in the record's history.
    let admin = app.key(Role::Admin).await;
    let log = app
        .query_as(
            &admin,
            "query($id: ID!) { auditLog(filter: { recordId: $id }) { totalCount nodes { operation after } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        log["auditLog"]["totalCount"], 5,
        "a create and four changes"
    );
    let after: Vec<String> = log["auditLog"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["after"].to_string())
        .collect();
    assert!(after.iter().any(|a| a.contains("سجن مترجم")), "{after:?}");
}

async fn a_hidden_name_is_refused_in_either_script(app: TestApp) {
    let (editor, id) = new_facility(&app).await;
    let mut version = 1;
    // The restricted witness of the built-in data, in Arabic and in Latin letters inside
    // an Arabic text.
    for text in ["شهد فراس فياض في المحاكمة", "شهد Feras Fayyad في المحاكمة"]
    {
        let (_, body) = app
            .post_graphql_with(
                &format!("Bearer {editor}"),
                SET,
                json!({ "id": id, "v": version, "values": [{ "field": "description", "lang": "AR", "text": text, "status": "ORIGINAL" }] }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{text}");
        let message = single_error(&body)["message"].as_str().unwrap();
        assert!(message.contains("may not see"), "{message}");
        assert!(
            message.starts_with("`description`"),
            "names the field: {message}"
        );
        assert!(
            !message.contains("فراس") && !message.contains("Feras"),
            "{message}"
        );
    }
    // The same text on a restricted record is for readers who may see the witness.
    app.set_visibility("Facility", &id, "RESTRICTED").await;
    version += 1;

    let (_, body) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            SET,
            json!({ "id": id, "v": version, "values": [
                { "field": "description", "lang": "AR", "text": "شهد فراس فياض في المحاكمة", "status": "ORIGINAL" },
                { "field": "name", "lang": "AR", "text": "سجن مترجم", "status": "ORIGINAL" },
            ] }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    // And it is as hidden as its record: the public finds no trace of it, by its Arabic
    // name or its text, where an analyst finds it.
    let probe = r#"{ facilities(filter: { text: "سجن مترجم" }) { totalCount } search(query: "سجن مترجم") { totalCount } }"#;
    let public = app.query_ok(probe, json!({})).await;
    assert_eq!(public["facilities"]["totalCount"], 0);
    assert_eq!(public["search"]["totalCount"], 0);
    let analyst = app.key(Role::Analyst).await;
    let seen = app.query_as(&analyst, probe, json!({})).await;
    assert_eq!(seen["facilities"]["totalCount"], 1);
    assert_eq!(seen["search"]["totalCount"], 1);
}

/// A hidden person's name given only as a translation (no alias) is protected too.
async fn a_hidden_persons_translated_name_is_refused_elsewhere(app: TestApp) {
    let (editor, id) = new_facility(&app).await;
    app.query_as(
        &editor,
        r#"mutation { createPerson(
            input: { slug: "samira-haddad", name: "Samira Haddad", roles: [WITNESS] }
            translations: [{ field: "name", lang: AR, text: "سميرة حداد", status: ORIGINAL }]
        ) { visibility } }"#,
        json!({}),
    )
    .await;
    for (lang, text) in [("AR", "قالت سميرة حداد"), ("EN", "As Samira Haddad said.")] {
        let (_, body) = app
            .post_graphql_with(
                &format!("Bearer {editor}"),
                SET,
                json!({ "id": id, "v": 1, "values": [{ "field": "description", "lang": lang, "text": text, "status": "ORIGINAL" }] }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{text}");
    }
}

async fn a_quote_stays_verbatim_and_its_translation_is_apart(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let data = app
        .query_as(
            &editor,
            r#"{ facilities(filter: { text: "khatib" }) { nodes { citations { id version quote } } } }"#,
            json!({}),
        )
        .await;
    let citation = data["facilities"]["nodes"][0]["citations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["quote"].is_string())
        .unwrap()
        .clone();
    let quote = citation["quote"].as_str().unwrap().to_owned();
    let body = app
        .query_as(
            &editor,
            r#"mutation($id: ID!, $v: Int!) { setTranslations(id: $id, expectedVersion: $v, values: [
                { field: "quote", lang: AR, text: "ترجمة المقطع", status: UNREVIEWED, translatedBy: "daleel test" },
                { field: "quote", lang: EN, text: "An English rendering", status: UNREVIEWED, translatedBy: "daleel test" }
            ]) { ... on Citation { quote quoteLanguage ar: quoteTranslation(lang: AR) { text status translatedBy } en: quoteTranslation(lang: EN) { text } } } }"#,
            json!({ "id": citation["id"], "v": citation["version"] }),
        )
        .await;
    let citation = &body["setTranslations"];
    assert_eq!(citation["quote"], quote.as_str(), "the source's words stay");
    assert_eq!(citation["quoteLanguage"], "en", "in the source's language");
    assert_eq!(citation["ar"]["text"], "ترجمة المقطع");
    assert_eq!(citation["ar"]["status"], "UNREVIEWED");
    assert_eq!(citation["en"]["text"], "An English rendering");
    // Asked in Arabic, the quote is still the source's words.
    let response: Value = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("accept-language", "ar")
        .json(&json!({ "query": r#"{ facilities(filter: { text: "khatib" }) { nodes { citations { quote } } } }"# }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let quotes: Vec<&str> = response["data"]["facilities"]["nodes"][0]["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["quote"].as_str())
        .collect();
    assert!(quotes.contains(&quote.as_str()), "{quotes:?}");
}

async fn arabic_names_are_found_by_search_and_filters(app: TestApp) {
    let data = app
        .query_ok(
            r#"{
              exact: facilities(filter: { text: "سجن صيدنايا" }) { nodes { slug } }
              variant: facilities(filter: { text: "صيدنايا" }) { nodes { slug } }
              hamza: organizations(filter: { text: "منظمه العفو الدوليه" }) { nodes { name } }
              search(query: "المحكمة الإقليمية") { nodes { record { ... on Organization { name } } } }
            }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["exact"]["nodes"][0]["slug"], "sednaya-prison");
    assert_eq!(data["variant"]["nodes"][0]["slug"], "sednaya-prison");
    assert_eq!(
        data["hamza"]["nodes"][0]["name"], "Amnesty International",
        "ta marbuta and ha fold alike"
    );
    let found: Vec<&str> = data["search"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["record"]["name"].as_str())
        .collect();
    assert!(
        found.contains(&"Higher Regional Court Koblenz"),
        "{found:?}"
    );
}

async fn a_record_is_written_in_both_languages_at_once(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let agency = app
        .query_ok("{ agencies { nodes { id } } }", json!({}))
        .await["agencies"]["nodes"][0]["id"]
        .clone();
    let created = app
        .query_as(
            &editor,
            r#"mutation($agency: ID!) { createBranch(
                input: { slug: "branch-215", name: "Branch 215", number: "215", kind: BRANCH, city: "Damascus", agencyId: $agency }
                translations: [
                    { field: "name", lang: AR, text: "الفرع 215", status: ORIGINAL }
                    { field: "city", lang: AR, text: "دمشق", status: UNREVIEWED, translatedBy: "daleel test" }
                ]
            ) { id version name arabic: name(lang: AR) city(lang: AR) } }"#,
            json!({ "agency": agency }),
        )
        .await;
    let branch = &created["createBranch"];
    assert_eq!(branch["version"], 1, "one write, one version");
    assert_eq!(branch["name"], "Branch 215");
    assert_eq!(branch["arabic"], "الفرع 215");
    assert_eq!(branch["city"], "دمشق");
    // An update changes both languages in one version, and a bad value refuses it all.
    let (_, refused) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            r#"mutation($id: ID!) { updateBranch(id: $id, expectedVersion: 1, input: { name: "Branch 215 (Palestine Branch)" },
                translations: [{ field: "name", lang: AR, text: "فرع فلسطين", status: UNREVIEWED }]) { version } }"#,
            json!({ "id": branch["id"] }),
        )
        .await;
    assert_eq!(
        error_code(&refused),
        "BAD_USER_INPUT",
        "no translator named"
    );
    let updated = app
        .query_as(
            &editor,
            r#"mutation($id: ID!) { updateBranch(id: $id, expectedVersion: 1, input: { name: "Branch 215 (Palestine Branch)" },
                translations: [{ field: "name", lang: AR, text: "فرع فلسطين", status: UNREVIEWED, translatedBy: "daleel test" }]) {
                version name arabic: name(lang: AR) } }"#,
            json!({ "id": branch["id"] }),
        )
        .await;
    let branch = &updated["updateBranch"];
    assert_eq!(branch["version"], 2);
    assert_eq!(branch["name"], "Branch 215 (Palestine Branch)");
    assert_eq!(branch["arabic"], "فرع فلسطين");
    // And the Arabic name finds it.
    let found = app
        .query_ok(
            r#"{ branches(filter: { text: "فلسطين" }) { nodes { name } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        found["branches"]["nodes"][0]["name"],
        "Branch 215 (Palestine Branch)"
    );
}

crate::backend_tests!(
    a_hidden_persons_translated_name_is_refused_elsewhere,
    a_record_is_written_in_both_languages_at_once,
    the_built_in_data_reads_in_arabic,
    translations_go_through_the_door,
    a_hidden_name_is_refused_in_either_script,
    a_quote_stays_verbatim_and_its_translation_is_apart,
    arabic_names_are_found_by_search_and_filters,
);
