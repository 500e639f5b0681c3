//! Weighable provenance: every claim keeps its own citation, confidence and status, and a
//! source lists what it supports.

use daleel::ids::{NodeType, encode_id};
use daleel::service::access::Role;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::helpers::TestApp;

async fn citations_carry_confidence_status_and_field(app: TestApp) {
    let data = app
        .query_ok(
            r#"{ verdicts { nodes { date { edtf } all: citations { field confidence status }
                 date_only: citations(field: "date") { field quote } } } }"#,
            json!({}),
        )
        .await;
    for verdict in data["verdicts"]["nodes"].as_array().unwrap() {
        let all = verdict["all"].as_array().unwrap();
        let dated = verdict["date_only"].as_array().unwrap();
        assert!(!dated.is_empty(), "{verdict:#}");
        assert!(dated.iter().all(|c| c["field"] == "date"));
        assert!(dated.len() <= all.len());
        for c in all {
            assert!(["LOW", "MEDIUM", "HIGH"].contains(&c["confidence"].as_str().unwrap()));
            assert!(
                ["ACCEPTED", "DISPUTED", "NEEDS_REVIEW"].contains(&c["status"].as_str().unwrap())
            );
        }
    }
    // The one sanction rests on a section heading only: restricted until an editor
    // confirms it, so the public does not see it, an analyst does, marked for review.
    let query = r#"{ sanctions { nodes { citations { confidence status } } } }"#;
    let data = app.query_ok(query, json!({})).await;
    assert_eq!(data["sanctions"]["nodes"], json!([]));
    let analyst = app.key(daleel::service::access::Role::Analyst).await;
    let data = app.query_as(&analyst, query, json!({})).await;
    assert_eq!(
        data["sanctions"]["nodes"][0]["citations"][0],
        json!({ "confidence": "LOW", "status": "NEEDS_REVIEW" })
    );
}

async fn conflicting_figures_are_all_kept_with_their_claimants(app: TestApp) {
    let data = app
        .query_ok(
            r#"{ statistics(filter: { subjectKind: BRANCH }) { nodes { metric valueMin valueMax approximation
                 claimant { name } citations { quote } } } }"#,
            json!({}),
        )
        .await;
    let figures = data["statistics"]["nodes"].as_array().unwrap();
    let find = |metric: &str| {
        figures
            .iter()
            .find(|s| s["metric"] == metric)
            .unwrap_or_else(|| panic!("{metric} in {figures:#?}"))
    };
    assert_eq!(find("killed_by_torture")["valueMin"], 58);
    assert_eq!(find("tortured")["valueMin"], 4000);
    assert_eq!(find("tortured")["approximation"], "APPROXIMATE");
    for s in figures {
        assert!(!s["citations"].as_array().unwrap().is_empty(), "{s:#}");
        assert!(s["claimant"]["name"].is_string(), "{s:#}");
    }
    // 27 murders in the conviction is its own record, not merged with the 58.
    let murders = app.query_ok(r#"{ statistics(filter: { metric: "murders" }) { nodes { valueMin claimant { kind } } } }"#, json!({})).await;
    assert_eq!(murders["statistics"]["nodes"][0]["valueMin"], 27);

    let sednaya = app
        .query_ok(r#"{ facilities(filter: { text: "sednaya" }) { nodes { statistics { nodes { metric valueMin valueMax approximation period { edtf } } } } } }"#, json!({}))
        .await;
    let figures = sednaya["facilities"]["nodes"][0]["statistics"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        figures
            .iter()
            .any(|s| s["valueMin"] == 30000 && s["period"]["edtf"] == "2011/2018"),
        "{figures:#?}"
    );
    assert!(
        figures.iter().any(|s| s["valueMin"] == 500
            && s["valueMax"].is_null()
            && s["approximation"] == "AT_LEAST"),
        "{figures:#?}"
    );

    let snhr = app.query_ok(r#"{ statistics(filter: { country: "SY", subjectKind: COUNTRY }) { nodes { metric valueMin } } }"#, json!({})).await;
    let values: Vec<i64> = snhr["statistics"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["valueMin"].as_i64().unwrap())
        .collect();
    for expected in [131_469, 86_792, 14_360] {
        assert!(values.contains(&expected), "{expected} in {values:?}");
    }
}

async fn a_source_lists_what_it_supports(app: TestApp) {
    let data = app
        .query_ok(
            r#"{ sources(filter: { kind: STATEMENT }) { nodes { title citedBy(first: 100) { totalCount
                 nodes { __typename ... on Person { slug } ... on Statistic { metric } } } } } }"#,
            json!({}),
        )
        .await;
    let cited = &data["sources"]["nodes"][0]["citedBy"];
    let nodes = cited["nodes"].as_array().unwrap();
    assert_eq!(cited["totalCount"].as_u64().unwrap() as usize, nodes.len());
    let typenames: Vec<&str> = nodes
        .iter()
        .map(|n| n["__typename"].as_str().unwrap())
        .collect();
    for expected in ["Person", "Verdict", "Charge", "Statistic", "Organization"] {
        assert!(typenames.contains(&expected), "{expected} in {typenames:?}");
    }
    // Each record once, however many of its fields the source supports.
    let mut people: Vec<&Value> = nodes
        .iter()
        .filter(|n| n["__typename"] == "Person")
        .map(|n| &n["slug"])
        .collect();
    let before = people.len();
    people.dedup();
    assert_eq!(people.len(), before);
}

async fn cited_by_hides_what_the_reader_may_not_see(app: TestApp) {
    // Feras Fayyad (restricted) is cited by the encyclopedia article; a public reader must
    // not learn of him through it, and the count must not include him.
    let data = app
        .query_ok(
            r#"{ sources(filter: { kind: ENCYCLOPEDIA }) { nodes { citedBy(first: 100) { totalCount nodes { __typename
                 ... on Person { slug } ... on Testimony { summary } } } } } }"#,
            json!({}),
        )
        .await;
    let cited = &data["sources"]["nodes"][0]["citedBy"];
    let nodes = cited["nodes"].as_array().unwrap();
    assert_eq!(cited["totalCount"].as_u64().unwrap() as usize, nodes.len());
    assert!(
        !nodes
            .iter()
            .any(|n| n["slug"] == "feras-fayyad" || n["__typename"] == "Testimony"),
        "{nodes:#?}"
    );
}

async fn testimonies_and_sanctions_are_recorded(app: TestApp) {
    use daleel::service::access::{Role, Viewer};
    use daleel::service::lookup;
    use daleel::service::page::{PageArgs, Window};
    // Feras Fayyad's testimony exists but is restricted: an analyst sees it, the public does not.
    let window = Window::new(PageArgs::default(), 100).unwrap();
    let analyst = Viewer::with_role(Role::Analyst);
    let seen = lookup::list::<entity::testimony::Entity, _>(
        &app.db,
        analyst,
        sea_orm::Condition::all(),
        Default::default(),
        window,
        true,
    )
    .await
    .unwrap();
    assert_eq!(seen.total, Some(1));
    let testimony = &seen.items[0].1;
    assert_eq!(
        testimony.witness_id,
        daleel::seed::seed_id("person", "feras-fayyad")
    );
    assert_eq!(
        testimony.trial_id,
        Some(daleel::seed::seed_id("trial", "koblenz-trial"))
    );
    assert_eq!(testimony.visibility, "restricted");
    let public = app
        .query_ok(
            "{ testimonies { totalCount } trials { nodes { testimonies { totalCount } } } }",
            json!({}),
        )
        .await;
    assert_eq!(public["testimonies"]["totalCount"], 0);
    assert_eq!(public["trials"]["nodes"][0]["testimonies"]["totalCount"], 0);

    // The one sanction rests on a section heading only, and says so (to analysts: it is
    // restricted until confirmed).
    let analyst = app.key(daleel::service::access::Role::Analyst).await;
    let data = app
        .query_as(&analyst, r#"{ branches(filter: { text: "251" }) { nodes { sanctions { nodes { authorityName program listed { edtf } target { ... on Branch { number } } } } } } }"#, json!({}))
        .await;
    let sanction = &data["branches"]["nodes"][0]["sanctions"]["nodes"][0];
    assert_eq!(sanction["authorityName"], "United States");
    assert_eq!(sanction["target"]["number"], "251");
    assert!(sanction["program"].is_null() && sanction["listed"].is_null());
}

/// Each verdict citation's source slug (null where the caller may not see it), in order.
fn cited_slugs(data: &Value, list: &str) -> Vec<Value> {
    data["verdicts"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| v[list].as_array().unwrap().clone())
        .map(|c| c["source"]["slug"].clone())
        .collect()
}

async fn a_citation_of_a_hidden_source_is_hidden_with_it(app: TestApp) {
    // The source comes with its citation in one load; it must still be the citation's own
    // source, however the query selects it, and still hidden from whoever may not see it.
    const QUERY: &str = r#"{ verdicts { nodes {
        direct: citations { id source { slug } }
        spread: citations { ...Cited }
        inline: citations { ... on Citation { source { slug } } }
        bare: citations { quote }
    } } }
    fragment Cited on Citation { source { slug } }"#;
    let before = app.query_ok(QUERY, json!({})).await;
    let direct = cited_slugs(&before, "direct");
    assert!(
        !direct.is_empty() && direct.iter().all(Value::is_string),
        "{direct:?}"
    );
    assert_eq!(cited_slugs(&before, "spread"), direct);
    assert_eq!(cited_slugs(&before, "inline"), direct);
    let nodes = before["verdicts"]["nodes"].as_array().unwrap();
    assert!(
        nodes
            .iter()
            .all(|v| v["bare"].as_array().unwrap().len() == v["direct"].as_array().unwrap().len())
    );

    // Each citation's source is the one its row names.
    let stored = entity::source::Entity::find().all(&app.db).await.unwrap();
    for verdict in nodes {
        for c in verdict["direct"].as_array().unwrap() {
            let id = daleel::ids::decode_id(c["id"].as_str().unwrap()).unwrap().1;
            let row = entity::citation::Entity::find_by_id(id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            let slug = &stored.iter().find(|s| s.id == row.source_id).unwrap().slug;
            assert_eq!(c["source"]["slug"], slug.as_str(), "{c}");
        }
    }

    // Restrict the first cited source: its citations are about it, so the public no
    // longer sees them at all (not even as a citation with no source); an analyst sees
    // them as before.
    let hidden = direct[0].as_str().unwrap().to_owned();
    let source = stored.into_iter().find(|s| s.slug == hidden).unwrap();
    app.set_visibility(
        "Source",
        &encode_id(NodeType::Source, source.id),
        "RESTRICTED",
    )
    .await;
    let public = app.query_ok(QUERY, json!({})).await;
    let expected: Vec<Value> = direct
        .iter()
        .filter(|slug| **slug != hidden)
        .cloned()
        .collect();
    assert!(expected.len() < direct.len());
    for list in ["direct", "spread", "inline"] {
        assert_eq!(cited_slugs(&public, list), expected, "{list}");
    }
    let analyst = app
        .query_as(&app.key(Role::Analyst).await, QUERY, json!({}))
        .await;
    assert_eq!(cited_slugs(&analyst, "direct"), direct);
}

/// Every field of a citation and of its source, and the aliases of a person: once as
/// plain fields, once through a fragment, once with a directive on every field. The
/// three take different paths through the server and must answer alike.
const EVERY_FIELD: &str = r#"
  __typename id version visibility createdAt updatedAt field locator quote confidence status
  source {
    __typename id version visibility createdAt updatedAt slug title publisherName kind
    language url archiveRef published { edtf earliest latest } publisher { slug name }
  }
"#;

async fn citations_answer_the_same_however_they_are_selected(app: TestApp) {
    let include_each = |fields: &str| {
        fields
            .split_whitespace()
            .map(|w| match w {
                "{" | "}" => w.to_owned(),
                _ if w.chars().all(char::is_alphanumeric) || w == "__typename" => {
                    format!("{w} @include(if: true)")
                }
                _ => w.to_owned(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let aliases = "__typename id name language script kind";
    let query = format!(
        r#"{{
          verdicts {{ nodes {{ plain: citations {{ {EVERY_FIELD} }} spread: citations {{ ...C }}
                             directed: citations {{ {every_directed} }} }} }}
          persons(first: 100) {{ nodes {{ plain: aliases {{ {aliases} }} spread: aliases {{ ...A }}
                             directed: aliases {{ {aliases_directed} }} }} }}
        }}
        fragment C on Citation {{ {EVERY_FIELD} }}
        fragment A on Alias {{ {aliases} }}"#,
        every_directed = include_each(EVERY_FIELD),
        aliases_directed = include_each(aliases),
    );
    let key = app.key(Role::Analyst).await;
    for data in [
        app.query_ok(&query, json!({})).await,
        app.query_as(&key, &query, json!({})).await,
    ] {
        let mut cited = 0;
        for list in ["verdicts", "persons"] {
            for node in data[list]["nodes"].as_array().unwrap() {
                assert_eq!(node["plain"], node["spread"], "{node:#}");
                assert_eq!(node["plain"], node["directed"], "{node:#}");
                cited += node["plain"].as_array().unwrap().len();
            }
        }
        assert!(cited > 0);
        let first = &data["verdicts"]["nodes"][0]["plain"][0];
        assert_eq!(first["__typename"], "Citation");
        assert_eq!(first["source"]["__typename"], "Source");
        let dated = data["verdicts"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|v| v["plain"].as_array().unwrap())
            .any(|c| c["source"]["published"]["edtf"].is_string());
        assert!(dated, "some cited source has a publication date");
    }
}

crate::backend_tests!(
    citations_answer_the_same_however_they_are_selected,
    a_citation_of_a_hidden_source_is_hidden_with_it,
    citations_carry_confidence_status_and_field,
    conflicting_figures_are_all_kept_with_their_claimants,
    a_source_lists_what_it_supports,
    cited_by_hides_what_the_reader_may_not_see,
    testimonies_and_sanctions_are_recorded,
);
