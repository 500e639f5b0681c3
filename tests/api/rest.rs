//! REST endpoints from named documents: `GET /api/{name}` answers what `POST /graphql`
//! answers for the same query and variables, typed from the query string; as CSV on
//! request, its main list flattened with Arabic intact; with the caller's role, the
//! same visibility, limits and HTTP caching; and `GET /api/openapi.json` validates as
//! OpenAPI 3.1 with the OpenAPI Initiative's schemas.

use std::time::Duration;

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::node::{ensure_installed, run_script};

const FACILITIES: &str = "query Facilities($kind: FacilityKind, $text: String, $first: Int = 10) {
  facilities(first: $first, filter: { kind: $kind, text: $text }) {
    totalCount
    nodes { id name nameAr: name(lang: AR) kind closed { edtf } }
  }
}";

const FACILITY: &str = "query Facility($id: ID!) { node(id: $id) { ... on Facility { name } } }";

/// A server whose REST documents are the two queries above.
async fn app_with_documents(backend: Backend) -> Option<TestApp> {
    let path = std::env::temp_dir().join(format!("daleel-rest-{}.json", uuid::Uuid::new_v4()));
    std::fs::write(
        &path,
        json!({ "facilities": FACILITIES, "facility": FACILITY }).to_string(),
    )
    .unwrap();
    let app = spawn_app_with(backend, |s| s.rest_documents = Some(path.clone())).await;
    std::fs::remove_file(&path).ok();
    app
}

fn sednaya() -> String {
    encode_id(NodeType::Facility, seed_id("facility", "sednaya-prison"))
}

async fn rest_answers_as_graphql_does(backend: Backend) {
    let Some(app) = app_with_documents(backend).await else {
        return;
    };
    // The same JSON as /graphql, variables typed from the query string.
    let response = app
        .get_as(None, "/api/Facilities?kind=PRISON&first=5", &[])
        .await;
    assert_eq!(response.status(), 200);
    let rest: Value = response.json().await.unwrap();
    let graphql = app
        .post_graphql(FACILITIES, json!({ "kind": "PRISON", "first": 5 }))
        .await;
    assert_eq!(rest, graphql);
    assert!(
        rest["data"]["facilities"]["totalCount"]
            .as_i64()
            .is_some_and(|n| n >= 1),
        "{rest:#}"
    );

    // Bad parameters say what to fix.
    for (path, says) in [
        ("/api/Facilities?first=ten", "`first` must be an integer"),
        ("/api/Facilities?sort=name", "has no parameter `sort`"),
        ("/api/Facility", "needs the parameter `id`"),
        ("/api/Nothing", "no endpoint `Nothing`"),
    ] {
        let response = app.get_as(None, path, &[]).await;
        assert!(matches!(response.status().as_u16(), 400 | 404), "{path}");
        let body: Value = response.json().await.unwrap();
        let message = body["errors"][0]["message"].as_str().unwrap().to_owned();
        assert!(message.contains(says), "{path}: {message}");
    }
    // The server's own limits hold: a page past the cap is refused as by /graphql.
    let body: Value = app
        .get_as(None, "/api/Facilities?first=100000", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body:#}"
    );

    // CSV, by Accept or by suffix: a header of field paths, Arabic intact.
    let csv = app
        .get_as(
            None,
            "/api/Facilities?text=khatib",
            &[("accept", "text/csv")],
        )
        .await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id,name,nameAr,kind,closed.edtf"));
    let row = lines.next().unwrap();
    assert!(
        row.contains("Al-Khatib prison") && row.contains("سجن الخطيب"),
        "{row}"
    );
    let suffixed = app
        .get_as(None, "/api/Facilities.csv?text=khatib&bom=1", &[])
        .await;
    let bytes = suffixed.bytes().await.unwrap();
    assert!(
        bytes.starts_with(&[0xef, 0xbb, 0xbf]),
        "the byte order mark"
    );
    assert_eq!(&bytes[3..], text.as_bytes());

    // Public answers are cached and revalidated like /graphql's GETs, CSV too.
    for accept in ["application/json", "text/csv"] {
        let first = app
            .get_as(None, "/api/Facilities?kind=PRISON", &[("accept", accept)])
            .await;
        let tag = first.headers()["etag"].to_str().unwrap().to_owned();
        let again = app
            .get_as(
                None,
                "/api/Facilities?kind=PRISON",
                &[("accept", accept), ("if-none-match", &tag)],
            )
            .await;
        assert_eq!(again.status(), 304, "{accept}");
    }

    // The caller's role: a restricted facility is absent for the public, by list and
    // by id, in JSON and CSV, and there for an analyst.
    app.set_visibility("Facility", &sednaya(), "RESTRICTED")
        .await;
    let public = app
        .get_as(None, "/api/Facilities.csv", &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(!public.contains("Sednaya"), "{public}");
    let by_id: Value = app
        .get_as(None, &format!("/api/Facility?id={}", sednaya()), &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(by_id["data"]["node"].is_null(), "{by_id:#}");
    let analyst = app.key(Role::Analyst).await;
    let seen = app
        .get_as(Some(&analyst), "/api/Facilities.csv", &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(seen.contains("Sednaya"), "{seen}");

    // The OpenAPI document names each operation and its parameters, and validates.
    let openapi: Value = app
        .get_as(None, "/api/openapi.json", &[])
        .await
        .json()
        .await
        .unwrap();
    let parameters: Vec<&str> = openapi["paths"]["/api/Facilities"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(parameters, ["kind", "text", "first", "bom"]);
    assert_eq!(
        openapi["paths"]["/api/Facility"]["get"]["parameters"][0],
        json!({ "name": "id", "in": "query", "required": true,
                "description": "The operation's `$id: ID!`.", "schema": { "type": "string" } })
    );
    if ensure_installed() {
        let url = format!("{}/api/openapi.json", app.address);
        let out = run_script("openapi.mjs", &[&url], Duration::from_secs(60)).await;
        let result: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(result["valid"], true, "{result:#}");
        assert_eq!(result["version"], "3.1");
    }
}

#[tokio::test]
async fn rest_endpoints_on_sqlite() {
    rest_answers_as_graphql_does(Backend::Sqlite).await;
}

#[tokio::test]
async fn rest_endpoints_on_postgres() {
    rest_answers_as_graphql_does(Backend::Postgres).await;
}

#[tokio::test]
async fn rest_endpoints_on_mysql() {
    rest_answers_as_graphql_does(Backend::Mysql).await;
}
