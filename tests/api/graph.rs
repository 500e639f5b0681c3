//! The nested view a dashboard asks for, checked against the facts of the seed documents.

use serde_json::{Value, json};

use crate::helpers::TestApp;

const DASHBOARD: &str = r#"
query {
  facility: facilities(first: 5, filter: { text: "Khatib" }) {
    totalCount
    nodes {
      slug name status kind
      location { neighbourhood city country precision }
      closed { edtf earliest latest approximate uncertain }
      citations { quote confidence source { title } }
      branches(first: 5) {
        totalCount
        nodes {
          name number
          agency { name }
          children(first: 5) { nodes { name parent { name } } }
          officers(first: 20) {
            nodes {
              slug name roles
              aliases { name script kind }
              postings(first: 5) { nodes { role rank title period { edtf earliest latest } citations { quote } } }
              verdicts(first: 5) {
                nodes {
                  date { edtf earliest latest }
                  outcome
                  sentence { text life months }
                  trial { name country legalBasis court { name kind } }
                  charges(first: 10) { nodes { crime count disposition citations { quote source { title } } } }
                  citations { quote source { title } }
                }
              }
            }
          }
        }
      }
    }
  }
}"#;

fn officer<'a>(data: &'a Value, slug: &str) -> &'a Value {
    let branch = &data["facility"]["nodes"][0]["branches"]["nodes"][0];
    branch["officers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["slug"] == slug)
        .unwrap_or_else(|| panic!("officer {slug} not in {branch:#}"))
}

async fn the_dashboard_query_returns_the_seed_facts(app: TestApp) {
    let data = app.query_ok(DASHBOARD, json!({})).await;

    let facility = &data["facility"]["nodes"][0];
    assert_eq!(data["facility"]["totalCount"], 1);
    assert_eq!(facility["name"], "Al-Khatib prison");
    assert_eq!(facility["status"], "DEFUNCT");
    assert_eq!(facility["location"]["city"], "Damascus");
    assert_eq!(facility["location"]["country"], "SY");
    assert_eq!(facility["closed"]["edtf"], "2024");
    assert_eq!(facility["closed"]["earliest"], "2024-01-01");
    assert_eq!(facility["closed"]["latest"], "2024-12-31");
    assert!(!facility["citations"].as_array().unwrap().is_empty());

    let branch = &facility["branches"]["nodes"][0];
    assert_eq!(branch["number"], "251");
    assert_eq!(branch["agency"]["name"], "General Intelligence Directorate");
    assert_eq!(
        branch["children"]["nodes"][0]["parent"]["name"],
        branch["name"]
    );

    let raslan = officer(&data, "anwar-raslan");
    let aliases: Vec<&str> = raslan["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(aliases.contains(&"Anwar R."), "{aliases:?}");
    assert!(aliases.iter().any(|a| a.contains("رسلان")), "{aliases:?}");
    let verdict = &raslan["verdicts"]["nodes"][0];
    assert_eq!(verdict["date"]["edtf"], "2022-01-13");
    assert_eq!(verdict["outcome"], "CONVICTED");
    assert_eq!(verdict["sentence"]["life"], true);
    assert_eq!(
        verdict["trial"]["court"]["name"],
        "Higher Regional Court Koblenz"
    );
    assert_eq!(verdict["trial"]["legalBasis"], "UNIVERSAL_JURISDICTION");
    // The conviction's 27 murders and the indictment's 58 killings are both kept, each cited.
    let charges = verdict["charges"]["nodes"].as_array().unwrap();
    let count_of = |disposition: &str, count: i64| {
        charges
            .iter()
            .find(|c| c["disposition"] == disposition && c["count"] == count)
    };
    let convicted = count_of("CONVICTED", 27).expect("27 murders convicted");
    let charged = count_of("CHARGED", 58).expect("58 killings charged");
    for charge in [convicted, charged] {
        assert!(
            !charge["citations"].as_array().unwrap().is_empty(),
            "{charge:#}"
        );
    }
    let head_of_department = raslan["postings"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["role"] == "head_of_department")
        .expect("Raslan headed the Investigation Department");
    assert_eq!(head_of_department["period"]["edtf"], "2011-01/2012-09");
    assert_eq!(head_of_department["period"]["earliest"], "2011-01-01");
    assert_eq!(head_of_department["period"]["latest"], "2012-09-30");

    let gharib = officer(&data, "eyad-al-gharib");
    let verdict = &gharib["verdicts"]["nodes"][0];
    assert_eq!(
        verdict["date"]["edtf"], "2021-01",
        "the source says only 'in January 2021'"
    );
    assert_eq!(verdict["date"]["earliest"], "2021-01-01");
    assert_eq!(verdict["date"]["latest"], "2021-01-31");
    let crimes: Vec<&str> = verdict["charges"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["crime"].as_str().unwrap())
        .collect();
    assert!(
        crimes
            .iter()
            .any(|c| c.contains("complicity in crimes against humanity")),
        "{crimes:?}"
    );
}

async fn relations_resolve_both_ways(app: TestApp) {
    let data = app
        .query_ok(
            r#"{
              branches(first: 10, filter: { text: "251" }) {
                nodes { name facilities(first: 10) { nodes { slug branches(first: 10) { nodes { number } } } } postings(first: 50) { totalCount nodes { person { slug } branch { number } } } }
              }
              trials(first: 20) { nodes { name court { name trials(first: 20) { nodes { name } } } verdicts(first: 20) { totalCount nodes { person { name } trial { name } charges(first: 20) { nodes { verdict { outcome } } } } } } }
              agencies(first: 20) { nodes { name branches(first: 50) { totalCount nodes { agency { name } } } } }
              sources(first: 50) { nodes { title citedIn(first: 1) { totalCount nodes { source { title } } } } }
            }"#,
            json!({}),
        )
        .await;
    let branch = &data["branches"]["nodes"][0];
    assert_eq!(branch["facilities"]["nodes"][0]["slug"], "al-khatib-prison");
    assert_eq!(
        branch["facilities"]["nodes"][0]["branches"]["nodes"][0]["number"],
        "251"
    );
    assert!(branch["postings"]["totalCount"].as_u64().unwrap() >= 3);
    assert!(
        branch["postings"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["branch"]["number"] == "251")
    );

    let trial = &data["trials"]["nodes"][0];
    assert_eq!(trial["court"]["trials"]["nodes"][0]["name"], trial["name"]);
    assert_eq!(trial["verdicts"]["totalCount"], 2);
    let defendants: Vec<&str> = trial["verdicts"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["person"]["name"].as_str().unwrap())
        .collect();
    assert!(
        defendants.contains(&"Anwar Raslan") && defendants.contains(&"Eyad al-Gharib"),
        "{defendants:?}"
    );

    let agency = &data["agencies"]["nodes"][0];
    assert_eq!(agency["branches"]["totalCount"], 2);
    for source in data["sources"]["nodes"].as_array().unwrap() {
        assert!(
            source["citedIn"]["totalCount"].as_u64().unwrap() > 0,
            "{source:#}"
        );
        assert_eq!(
            source["citedIn"]["nodes"][0]["source"]["title"],
            source["title"]
        );
    }
}

async fn restricted_people_are_absent_for_the_public(app: TestApp) {
    // Feras Fayyad testified as a witness: restricted, so a public reader does not see him
    // in lists, counts or lookups.
    let data = app
        .query_ok(
            r#"{ persons { totalCount nodes { slug roles } } }"#,
            json!({}),
        )
        .await;
    let slugs: Vec<&str> = data["persons"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert!(!slugs.contains(&"feras-fayyad"), "{slugs:?}");
    assert_eq!(
        data["persons"]["totalCount"].as_u64().unwrap() as usize,
        slugs.len()
    );
    let id = daleel::ids::encode_id(
        daleel::ids::NodeType::Person,
        daleel::seed::seed_id("person", "feras-fayyad"),
    );
    let data = app
        .query_ok(
            "query($id: ID!) { node(id: $id) { id } person(id: $id) { name } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(data, json!({ "node": null, "person": null }));
    let data = app
        .query_ok(
            r#"{ persons(filter: { text: "Fayyad" }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["persons"]["totalCount"], 0);
}

crate::backend_tests!(
    the_dashboard_query_returns_the_seed_facts,
    relations_resolve_both_ways,
    restricted_people_are_absent_for_the_public,
);
