//! Cacheable public reads: every public GET answer carries an `ETag` made from the data
//! version, an unchanged answer costs a `304` and one read of that version, any write
//! gives every answer a new tag, and the response cache keeps public answers to
//! persisted documents until the next write. What a key may read is never shared.

use daleel::config::Settings;
use daleel::http::persisted::sha256_hex;
use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const FACILITIES: &str = "{ facilities(first: 100) { totalCount nodes { id name } } }";

fn cached(settings: &mut Settings) {
    settings.public_max_age = 30;
    settings.response_cache_mb = 8;
}

async fn get(
    app: &TestApp,
    params: &[(&str, String)],
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(params);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

fn query(text: &str) -> Vec<(&'static str, String)> {
    vec![("query", text.to_owned())]
}

fn by_hash(text: &str) -> Vec<(&'static str, String)> {
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256_hex(text) } });
    vec![("extensions", extensions.to_string())]
}

fn etag(response: &reqwest::Response) -> String {
    response.headers()["etag"].to_str().unwrap().to_owned()
}

fn names(data: &Value) -> Vec<String> {
    data["facilities"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| node["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn public_answers_carry_a_tag_that_every_write_changes(app: TestApp) {
    let first = get(&app, &query(FACILITIES), &[]).await;
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["cache-control"], "public, max-age=30");
    let tag = etag(&first);
    assert!(tag.starts_with("W/\""), "{tag}");
    let body: Value = first.json().await.unwrap();
    let before = names(&body["data"]);
    assert!(!before.is_empty());

    // The same request with the tag: 304, no body, and no statement but the version's.
    let statements = app.statements.get();
    let unchanged = get(&app, &query(FACILITIES), &[("if-none-match", &tag)]).await;
    assert_eq!(unchanged.status(), 304);
    assert_eq!(etag(&unchanged), tag);
    assert_eq!(unchanged.headers()["cache-control"], "public, max-age=30");
    assert!(unchanged.bytes().await.unwrap().is_empty());
    assert_eq!(
        app.statements.get() - statements,
        1,
        "only the data version is read"
    );

    // Another language or another response type is another answer, with its own tag.
    let arabic = get(&app, &query(FACILITIES), &[("accept-language", "ar")]).await;
    assert_ne!(etag(&arabic), tag);
    let types = ["application/json", "application/graphql-response+json"];
    let mut tags = Vec::new();
    for accept in types {
        let answer = get(&app, &query(FACILITIES), &[("accept", accept)]).await;
        assert_eq!(answer.status(), 200);
        tags.push(etag(&answer));
    }
    assert_ne!(tags[0], tags[1], "each response type has its own tag");

    // A facility restricted: the old tag no longer matches, and the answer leaves it out.
    let hidden = body["data"]["facilities"]["nodes"][0].clone();
    app.set_visibility("Facility", hidden["id"].as_str().unwrap(), "RESTRICTED")
        .await;
    let after = get(&app, &query(FACILITIES), &[("if-none-match", &tag)]).await;
    assert_eq!(after.status(), 200);
    let new_tag = etag(&after);
    assert_ne!(new_tag, tag);
    let body: Value = after.json().await.unwrap();
    let now = names(&body["data"]);
    assert_eq!(now.len(), before.len() - 1);
    assert!(!now.contains(&hidden["name"].as_str().unwrap().to_owned()));
}

async fn keyed_and_failed_answers_are_never_tagged(app: TestApp) {
    let key = app.key(Role::Analyst).await;
    let bearer = format!("Bearer {key}");
    let keyed = get(&app, &query(FACILITIES), &[("authorization", &bearer)]).await;
    assert_eq!(keyed.status(), 200);
    assert_eq!(keyed.headers()["cache-control"], "private, no-store");
    assert!(keyed.headers().get("etag").is_none());

    // A keyed reader sending a public tag still gets its own answer.
    let public = get(&app, &query(FACILITIES), &[]).await;
    let tag = etag(&public);
    let keyed = get(
        &app,
        &query(FACILITIES),
        &[("authorization", &bearer), ("if-none-match", &tag)],
    )
    .await;
    assert_eq!(keyed.status(), 200);

    // An answer with errors is neither tagged nor kept.
    let failing = get(&app, &query("{ node(id: \"nonsense\") { id } }"), &[]).await;
    assert!(failing.headers().get("etag").is_none());
    assert_eq!(failing.headers()["cache-control"], "no-cache");
}

async fn persisted_answers_are_kept_until_the_next_write(app: TestApp) {
    // Registered once, with its text.
    let registered = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": FACILITIES, "extensions":
            { "persistedQuery": { "version": 1, "sha256Hash": sha256_hex(FACILITIES) } } }))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 200);
    let first: Value = get(&app, &by_hash(FACILITIES), &[])
        .await
        .json()
        .await
        .unwrap();

    // Kept: the next asker is answered after one read of the data version.
    let statements = app.statements.get();
    let again: Value = get(&app, &by_hash(FACILITIES), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(
        app.statements.get() - statements,
        1,
        "answered from the cache"
    );

    // Never handed to a key, whose answer holds what the public's does not.
    let hidden = first["data"]["facilities"]["nodes"][0].clone();
    app.set_visibility("Facility", hidden["id"].as_str().unwrap(), "RESTRICTED")
        .await;
    let key = app.key(Role::Analyst).await;
    let bearer = format!("Bearer {key}");
    let statements = app.statements.get();
    let keyed: Value = get(&app, &by_hash(FACILITIES), &[("authorization", &bearer)])
        .await
        .json()
        .await
        .unwrap();
    assert!(
        app.statements.get() - statements > 1,
        "a key's answer is computed"
    );
    assert_eq!(names(&keyed["data"]), names(&first["data"]));

    // The write made the kept answer stale: the public no longer reads the facility.
    let after: Value = get(&app, &by_hash(FACILITIES), &[])
        .await
        .json()
        .await
        .unwrap();
    let now = names(&after["data"]);
    assert_eq!(now.len(), names(&first["data"]).len() - 1);
    assert!(!now.contains(&hidden["name"].as_str().unwrap().to_owned()));
    assert_eq!(
        after["data"]["facilities"]["totalCount"],
        json!(first["data"]["facilities"]["totalCount"].as_i64().unwrap() - 1)
    );
}

macro_rules! cached_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() {
                if let Some(app) = $crate::helpers::spawn_app_with($crate::helpers::Backend::Sqlite, super::cached).await { super::$name(app).await }
            })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() {
                if let Some(app) = $crate::helpers::spawn_app_with($crate::helpers::Backend::Postgres, super::cached).await { super::$name(app).await }
            })*
        }
        mod mysql {
            $(#[tokio::test] async fn $name() {
                if let Some(app) = $crate::helpers::spawn_app_with($crate::helpers::Backend::Mysql, super::cached).await { super::$name(app).await }
            })*
        }
    };
}

cached_tests!(
    public_answers_carry_a_tag_that_every_write_changes,
    keyed_and_failed_answers_are_never_tagged,
    persisted_answers_are_kept_until_the_next_write,
);
