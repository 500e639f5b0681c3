//! Persisted documents: Apollo's automatic persisted queries (registered once, then run
//! by hash over a cacheable GET), and the trusted-documents mode for production.

use daleel::config::Settings;
use daleel::http::persisted::sha256_hex;
use daleel::service::access::Role;
use daleel::startup::{Application, StartError};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Backend, TestApp, spawn_app, spawn_app_with};

const QUERY: &str = "{ facilities { totalCount } }";

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

async fn get_by_hash(app: &TestApp, hash: &str, key: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("extensions", persisted(hash).to_string())]);
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    request.send().await.unwrap()
}

async fn post_body(app: &TestApp, body: Value) -> (u16, Value) {
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn automatic_persisted_queries_run_by_hash_over_get(app: TestApp) {
    let hash = sha256_hex(QUERY);
    let unknown = get_by_hash(&app, &hash, None).await;
    assert_eq!(unknown.status(), 200);
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );

    let (status, registered) = post_body(
        &app,
        json!({ "query": QUERY, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(status, 200);
    let expected = app.query_ok(QUERY, json!({})).await;
    assert_eq!(registered["data"], expected);

    let by_hash = get_by_hash(&app, &hash, None).await;
    assert_eq!(by_hash.status(), 200);
    assert_eq!(by_hash.headers()["cache-control"], "public, max-age=60");
    assert_eq!(
        by_hash.headers()["vary"],
        "Accept, Accept-Language, Authorization"
    );
    let body: Value = by_hash.json().await.unwrap();
    assert_eq!(body, json!({ "data": expected }));

    // What a key may read is never left in a shared cache.
    let key = app.key(Role::Analyst).await;
    let keyed = get_by_hash(&app, &hash, Some(&key)).await;
    assert_eq!(keyed.headers()["cache-control"], "private, no-store");

    let (status, mismatch) = post_body(
        &app,
        json!({ "query": "{ persons { totalCount } }", "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        mismatch["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_HASH_MISMATCH"
    );
    // The mismatched text did not replace the registered one.
    let body: Value = get_by_hash(&app, &hash, None).await.json().await.unwrap();
    assert_eq!(body["data"], expected);
}

fn trusted_file(contents: &Value) -> std::path::PathBuf {
    let path =
        std::env::temp_dir().join(format!("daleel-trusted-{}.json", Uuid::new_v4().simple()));
    std::fs::write(&path, contents.to_string()).unwrap();
    path
}

async fn only_trusted_documents_run(manifest: Value, id: &str) {
    let path = trusted_file(&manifest);
    let app = spawn_app_with(Backend::Sqlite, |settings| {
        settings.trusted_documents = Some(path.clone())
    })
    .await
    .unwrap();
    let (status, by_id) = post_body(&app, json!({ "documentId": id })).await;
    assert_eq!(status, 200, "{by_id}");
    assert!(by_id["data"]["facilities"]["totalCount"].as_u64().unwrap() > 0);
    let total = by_id["data"].clone();
    let by_hash = get_by_hash(&app, &sha256_hex(QUERY), None).await;
    assert_eq!(by_hash.status(), 200);
    assert_eq!(by_hash.json::<Value>().await.unwrap()["data"], total);
    let (status, by_text) = post_body(&app, json!({ "query": QUERY })).await;
    assert_eq!(status, 200);
    assert_eq!(by_text["data"], total);

    for body in [
        json!({ "query": "{ persons { totalCount } }" }),
        json!({ "documentId": "sha256:0000" }),
        json!({ "query": "{ persons { totalCount } }", "extensions": persisted(&sha256_hex("{ persons { totalCount } }")) }),
    ] {
        let (status, refused) = post_body(&app, body.clone()).await;
        assert_eq!(status, 403, "{body}");
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "UNTRUSTED_DOCUMENT",
            "{body}"
        );
        assert!(
            refused["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("trusted documents")
        );
    }
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn an_apollo_manifest_lists_the_trusted_documents() {
    let hash = sha256_hex(QUERY);
    let manifest = json!({
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": [{ "id": hash, "name": "Count", "type": "query", "body": QUERY }]
    });
    only_trusted_documents_run(manifest, &format!("sha256:{hash}")).await;
}

#[tokio::test]
async fn a_map_of_ids_lists_the_trusted_documents() {
    let manifest = json!({ "count-facilities": QUERY, (sha256_hex(QUERY)): QUERY });
    only_trusted_documents_run(manifest, "count-facilities").await;
}

#[tokio::test]
async fn a_trusted_document_that_does_not_parse_stops_start_up() {
    let path = trusted_file(&json!({ "broken-one": "{ facilities { " }));
    let mut settings = Settings::new("sqlite::memory:", "127.0.0.1:0");
    settings.trusted_documents = Some(path.clone());
    let Err(err) = Application::build(settings).await else {
        panic!("the server must not start");
    };
    assert!(matches!(err, StartError::TrustedDocuments(_)));
    assert!(err.to_string().contains("broken-one"), "{err}");
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn automatic_persisted_queries() {
    let app = spawn_app_with(Backend::Sqlite, |settings| settings.public_max_age = 60)
        .await
        .unwrap();
    automatic_persisted_queries_run_by_hash_over_get(app).await;
}

#[tokio::test]
async fn public_get_answers_are_uncached_by_default() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", QUERY)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "no-cache");
}
