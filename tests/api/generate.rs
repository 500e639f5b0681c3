//! `daleel generate`: a tiny scale, generated into fresh databases, has the shape the
//! benchmarks rely on, is searchable in both scripts, and is the same for the same seed.

use daleel::config::Settings;
use daleel::generate::{GenerateError, GenerateOptions, Scale, generate};
use daleel::service::access::Role;
use serde_json::json;

use crate::helpers::{TestApp, spawn_app_with};

fn options(seed: u64, force: bool) -> GenerateOptions {
    GenerateOptions {
        scale: Scale::Xs,
        seed,
        force,
        copy: true,
    }
}

fn no_seed(settings: &mut Settings) {
    settings.no_seed = true;
}

const SHAPE: &str = r#"{
  persons(first: 100) {
    totalCount
    nodes {
      name roles
      aliases { name script kind }
      citations { quote source { title } }
      postings(first: 10) { totalCount nodes { role period { edtf earliest latest } } }
    }
  }
  facilities(first: 100) { totalCount nodes { opened { edtf earliest latest } } }
  branches(first: 100) { totalCount nodes { postings(first: 1) { totalCount } } }
  verdicts(first: 100) { totalCount nodes { charges(first: 10) { totalCount } citations { quote } } }
}"#;

async fn a_generated_dataset_has_a_realistic_shape_and_is_deterministic(app: TestApp) {
    // A database that holds records is refused unless forced.
    let refused = generate(&app.db, options(7, false)).await;
    assert!(
        matches!(refused, Err(GenerateError::NotEmpty(_))),
        "{refused:?}"
    );

    let a = spawn_app_with(app.backend, no_seed).await.unwrap();
    let b = spawn_app_with(app.backend, no_seed).await.unwrap();
    generate(&a.db, options(7, false)).await.unwrap();
    generate(&b.db, options(7, false)).await.unwrap();

    // Same seed, same records and ids.
    let export_a = daleel::service::exchange::export(&a.db, None)
        .await
        .unwrap();
    let export_b = daleel::service::exchange::export(&b.db, None)
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&export_a).unwrap(),
        serde_json::to_value(&export_b).unwrap(),
        "two databases generated with one seed differ"
    );

    let analyst = a.key(Role::Analyst).await;
    // Generated records have their first versions: as of now, the graph reads as it is.
    let graph = r#"query($at: DateTime) { branches(asOf: $at, first: 20) { totalCount nodes {
        name postings(first: 5) { totalCount nodes { role person { name } } } } } }"#;
    let live = a.query_as(&analyst, graph, json!({ "at": null })).await;
    let now = chrono::Utc::now().to_rfc3339();
    let then = a.query_as(&analyst, graph, json!({ "at": now })).await;
    assert!(
        live["branches"]["totalCount"].as_u64() > Some(0),
        "{live:#}"
    );
    assert_eq!(then, live, "generated records as of now");
    // The generator writes the full-text rows the domain layer would: rebuilding them
    // through it finds the same hits, with the same snippets and scores.
    let text = r#"{ common: textSearch(query: "detainees", first: 100) { totalCount nodes { field lang score snippet record { id } } }
        arabic: textSearch(query: "المعتقلين", lang: AR, first: 100) { totalCount nodes { field snippet record { id } } } }"#;
    let generated = a.query_as(&analyst, text, json!({})).await;
    assert!(
        generated["common"]["totalCount"].as_u64().unwrap() > 0,
        "{generated:#}"
    );
    assert!(
        generated["arabic"]["totalCount"].as_u64().unwrap() > 0,
        "{generated:#}"
    );
    daleel::service::text_index::reindex_all(&a.db)
        .await
        .unwrap();
    assert_eq!(a.query_as(&analyst, text, json!({})).await, generated);
    let data = a.query_as(&analyst, SHAPE, json!({})).await;
    let shape = Scale::Xs.shape();
    assert_eq!(data["persons"]["totalCount"], shape.persons);
    assert_eq!(data["facilities"]["totalCount"], shape.facilities);
    assert_eq!(data["branches"]["totalCount"], shape.branches);

    let persons = data["persons"]["nodes"].as_array().unwrap();
    for person in persons {
        let aliases = person["aliases"].as_array().unwrap();
        let scripts: Vec<&str> = aliases
            .iter()
            .filter_map(|a| a["script"].as_str())
            .collect();
        assert!(aliases.len() >= 2, "{person:#}");
        assert!(
            scripts.contains(&"Arab") && scripts.contains(&"Latn"),
            "{person:#}"
        );
        let citations = person["citations"].as_array().unwrap().len();
        assert!(
            (1..=5).contains(&citations),
            "{citations} citations: {person:#}"
        );
    }
    // Fuzzy dates: spans and qualifiers, with bounds.
    let periods: Vec<&str> = persons
        .iter()
        .flat_map(|p| p["postings"]["nodes"].as_array().unwrap())
        .filter_map(|p| p["period"]["edtf"].as_str())
        .collect();
    assert!(periods.iter().any(|p| p.contains('/')), "{periods:?}");
    assert!(
        periods.iter().any(|p| p.ends_with('?') || p.ends_with('~')),
        "{periods:?}"
    );

    // Verdicts for a minority of officers, each with charges and citations.
    let officers = persons
        .iter()
        .filter(|p| p["roles"].as_array().unwrap().contains(&json!("OFFICER")))
        .count();
    let verdicts = data["verdicts"]["totalCount"].as_u64().unwrap();
    assert!(
        verdicts > 0 && verdicts * 4 < shape.persons as u64,
        "{verdicts} verdicts"
    );
    assert!(officers > persons.len() / 2, "{officers} officers");
    for verdict in data["verdicts"]["nodes"].as_array().unwrap() {
        assert!(verdict["charges"]["totalCount"].as_u64().unwrap() >= 1);
        assert!(!verdict["citations"].as_array().unwrap().is_empty());
    }

    // Skew: the largest branch has many times the postings of the median one.
    let mut sizes: Vec<u64> = data["branches"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["postings"]["totalCount"].as_u64().unwrap())
        .collect();
    sizes.sort_unstable();
    let (median, max) = (sizes[sizes.len() / 2], sizes[sizes.len() - 1]);
    assert!(max >= 4 * median.max(1), "branch sizes {sizes:?}");

    // Search finds a generated person by the Latin name and by the Arabic alias.
    let person = persons
        .iter()
        .find(|p| p["roles"].as_array().unwrap().contains(&json!("OFFICER")))
        .unwrap();
    let arabic = person["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["script"] == "Arab" && a["kind"] == "NATIVE")
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    for query in [person["name"].as_str().unwrap(), arabic.as_str()] {
        let found = a
            .query_ok(
                r#"query($q: String!) { search(query: $q, types: [PERSON], first: 100) {
                    nodes { record { ... on Person { name } } } } }"#,
                json!({ "q": query }),
            )
            .await;
        let names: Vec<&str> = found["search"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| n["record"]["name"].as_str())
            .collect();
        assert!(
            names.contains(&person["name"].as_str().unwrap()),
            "{query}: {names:?}"
        );
    }
}

crate::backend_tests!(a_generated_dataset_has_a_realistic_shape_and_is_deterministic);
