//! Captured content: the built-in sources' seed documents, a file added on the command
//! line, served by hash with its media type, ETag and byte ranges, verified (a changed
//! byte and a missing file are caught by `verifyCaptures`, `Capture.verified` and
//! `daleel verify`), with a chain of custody for admins, and hidden with its source by
//! every path.

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const SNHR_TEXT: &[u8] = include_bytes!("../../src/seed/texts/002_c2e90f8b8d505742.txt");

const CAPTURES: &str = r#"query($id: ID!) { node(id: $id) { ... on Source { captures { totalCount nodes {
  id sha256 size mediaType capturedAt url capturedBy contentUrl verified source { id } } } } } }"#;

fn snhr() -> String {
    encode_id(
        NodeType::Source,
        seed_id("source", "snhr-statement-2022-01-13"),
    )
}

async fn captures_of(app: &TestApp, key: Option<&str>, source: &str) -> Value {
    let vars = json!({ "id": source });
    let body = match key {
        Some(key) => app.query_as(key, CAPTURES, vars).await,
        None => app.query_ok(CAPTURES, vars).await,
    };
    body["node"]["captures"].clone()
}

const CUSTODY: &str = r#"query($id: ID!) { node(id: $id) { ... on Capture { custody { action role keyName detail } } } }"#;

/// The built-in sources carry their seed documents: served whole and by range, with the
/// hash as ETag, revalidated without a body, and verified.
async fn seed_documents_are_captured_and_served(app: TestApp) {
    let captures = captures_of(&app, None, &snhr()).await;
    assert_eq!(captures["totalCount"], 1, "{captures:#}");
    let capture = &captures["nodes"][0];
    let sha = daleel::evidence::sha256_of(SNHR_TEXT);
    assert_eq!(
        (
            &capture["sha256"],
            &capture["size"],
            &capture["mediaType"],
            &capture["verified"],
            &capture["capturedAt"],
            &capture["source"]["id"]
        ),
        (
            &json!(sha),
            &json!(SNHR_TEXT.len()),
            &json!("text/plain; charset=utf-8"),
            &json!(true),
            &Value::Null,
            &json!(snhr())
        ),
        "the seeds do not say when they were collected: {capture:#}"
    );
    let path = capture["contentUrl"].as_str().unwrap().to_owned();
    assert_eq!(path, format!("/evidence/{sha}"));

    let whole = app.get_as(None, &path, &[]).await;
    assert_eq!(whole.status(), 200);
    let etag = format!("\"{sha}\"");
    assert_eq!(whole.headers()["etag"], etag.as_str());
    assert_eq!(whole.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(whole.bytes().await.unwrap(), SNHR_TEXT);

    let part = app.get_as(None, &path, &[("range", "bytes=10-19")]).await;
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.unwrap(), &SNHR_TEXT[10..20]);

    let again = app.get_as(None, &path, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());

    // An unknown hash and a malformed one: the same answer.
    for unknown in [
        format!("/evidence/{}", "0".repeat(64)),
        "/evidence/nothex".to_owned(),
    ] {
        let answer = app.get_as(None, &unknown, &[]).await;
        assert_eq!(answer.status(), 404, "{unknown}");
    }

    // The read is in the capture's chain of custody, for admins only.
    let admin = app.key(Role::Admin).await;
    let id = capture["id"].as_str().unwrap();
    let custody = app.query_as(&admin, CUSTODY, json!({ "id": id })).await;
    let entries = custody["node"]["custody"].as_array().unwrap();
    assert_eq!(entries[0]["action"], "ADDED", "{custody:#}");
    assert!(
        entries.iter().any(|e| e["action"] == "ACCESSED"
            && e["role"] == "public"
            && e["detail"] == "range bytes=10-19"),
        "{custody:#}"
    );
    let editor = app.key(Role::Editor).await;
    let (_, body) = app
        .post_graphql_with(&format!("Bearer {editor}"), CUSTODY, json!({ "id": id }))
        .await;
    assert_eq!(crate::helpers::error_code(&body), "FORBIDDEN", "{body}");
}

/// A file added on the command line is stored under its hash and listed with its
/// source; a changed byte and a missing file are caught by every check.
async fn added_files_verify_and_tampering_is_caught(app: TestApp) {
    let file = std::env::temp_dir().join(format!("daleel-capture-{}.html", uuid::Uuid::new_v4()));
    let content = "<html><body>Branch 251 statement, as collected</body></html>";
    std::fs::write(&file, content).unwrap();
    let out = app.command(&[
        "capture",
        "add",
        &snhr(),
        file.to_str().unwrap(),
        "--url",
        "https://example.org/statement",
        "--captured-at",
        "2022-01-13T12:00:00Z",
        "--captured-by",
        "an archivist",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sha = daleel::evidence::sha256_of(content.as_bytes());
    assert_eq!(printed["sha256"], sha);
    assert_eq!(printed["mediaType"], "text/html");

    let captures = captures_of(&app, None, &snhr()).await;
    assert_eq!(captures["totalCount"], 2, "{captures:#}");
    let added = captures["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["sha256"] == sha)
        .unwrap()
        .clone();
    assert_eq!(
        (
            &added["url"],
            &added["capturedAt"],
            &added["capturedBy"],
            &added["size"],
            &added["verified"]
        ),
        (
            &json!("https://example.org/statement"),
            &json!("2022-01-13T12:00:00.000000Z"),
            &json!("an archivist"),
            &json!(content.len()),
            &json!(true)
        ),
        "{added:#}"
    );
    let served = app.get_as(None, &format!("/evidence/{sha}"), &[]).await;
    assert_eq!(served.headers()["content-type"], "text/html");
    assert_eq!(served.text().await.unwrap(), content);

    // Everything holds: verify passes.
    let out = app.command(&["verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let admin = app.key(Role::Admin).await;
    let verify = r#"{ verifyCaptures { checked problems { captureId sha256 problem } } }"#;
    let report = app.query_as(&admin, verify, json!({})).await;
    assert_eq!(
        report["verifyCaptures"],
        json!({ "checked": 4, "problems": [] })
    );

    // One byte changed.
    let path = app.evidence().path_of(&sha);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    let report = app.query_as(&admin, verify, json!({})).await;
    assert_eq!(
        report["verifyCaptures"]["problems"],
        json!([{ "captureId": added["id"], "sha256": sha, "problem": "ALTERED" }])
    );
    assert_eq!(
        captures_of(&app, None, &snhr()).await["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["sha256"] == sha)
            .unwrap()["verified"],
        false
    );
    let out = app.command(&["verify"]);
    assert!(!out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains(&format!(
            "altered capture {}",
            added["id"].as_str().unwrap()
        )),
        "{printed}"
    );

    // The file gone.
    std::fs::remove_file(&path).unwrap();
    let report = app.query_as(&admin, verify, json!({})).await;
    assert_eq!(
        report["verifyCaptures"]["problems"][0]["problem"],
        "MISSING"
    );
    assert_eq!(
        app.get_as(None, &format!("/evidence/{sha}"), &[])
            .await
            .status(),
        503
    );
    assert!(!app.command(&["verify"]).status.success());

    // For admins only.
    let editor = app.key(Role::Editor).await;
    let (_, body) = app
        .post_graphql_with(&format!("Bearer {editor}"), verify, json!({}))
        .await;
    assert_eq!(crate::helpers::error_code(&body), "FORBIDDEN", "{body}");

    // A source that is not one, and a file that is not there: refused, nothing stored.
    let bad = app.command(&["capture", "add", "nonsense", file.to_str().unwrap()]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("SOURCE_ID"));
    let missing = app.command(&["capture", "add", &snhr(), "/nonexistent/file.pdf"]);
    assert!(!missing.status.success());
    assert_eq!(captures_of(&app, None, &snhr()).await["totalCount"], 2);
    std::fs::remove_file(&file).ok();

    // What is said of a capture changes through the door; its content never does.
    let update = r#"mutation($id: ID!, $i: UpdateCaptureInput!) { updateCapture(id: $id, expectedVersion: 1, input: $i) { mediaType url } }"#;
    let (_, body) = app
        .post_graphql_with(
            &format!("Bearer {editor}"),
            update,
            json!({ "id": added["id"], "i": { "mediaType": "not a type" } }),
        )
        .await;
    assert_eq!(
        crate::helpers::error_code(&body),
        "BAD_USER_INPUT",
        "{body}"
    );
    assert!(body.to_string().contains("mediaType"), "{body}");
    let changed = app
        .query_as(
            &editor,
            update,
            json!({ "id": added["id"], "i": { "mediaType": "Text/HTML; charset=utf-8", "url": null } }),
        )
        .await;
    assert_eq!(
        changed["updateCapture"],
        json!({ "mediaType": "text/html; charset=utf-8", "url": null })
    );
}

/// A capture of a restricted source is absent for the public by every path (the
/// source's list, `node`, the content) and there for analysts.
async fn a_restricted_sources_capture_is_refused_to_the_public(app: TestApp) {
    let source = snhr();
    let capture = captures_of(&app, None, &source).await["nodes"][0].clone();
    let (id, path) = (
        capture["id"].as_str().unwrap().to_owned(),
        capture["contentUrl"].as_str().unwrap().to_owned(),
    );
    app.set_visibility("Source", &source, "RESTRICTED").await;

    let probe = r#"query($c: ID!) { node(id: $c) { id } sources(first: 100) { nodes { captures { nodes { id } } } }
      entities: _entities(representations: [{ __typename: "Capture", id: $c }]) { __typename }
      then: node(id: $c, asOf: "2100-01-01T00:00:00Z") { id } }"#;
    let listed = |body: &Value| -> Vec<String> {
        body["sources"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["captures"]["nodes"].as_array().unwrap().clone())
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let public = app.query_ok(probe, json!({ "c": id })).await;
    assert!(public["node"].is_null(), "{public:#}");
    assert_eq!(public["entities"], json!([null]), "federation: {public:#}");
    assert!(public["then"].is_null(), "as of an instant: {public:#}");
    assert_eq!(
        listed(&public).len(),
        2,
        "the other seed documents: {public:#}"
    );
    assert!(!listed(&public).contains(&id), "{public:#}");
    assert_eq!(app.get_as(None, &path, &[]).await.status(), 404);
    assert_eq!(
        app.get_as(None, &path, &[("range", "bytes=0-9")])
            .await
            .status(),
        404
    );

    let analyst = app.key(Role::Analyst).await;
    let seen = app.query_as(&analyst, probe, json!({ "c": id })).await;
    assert_eq!(seen["node"]["id"], id.as_str());
    assert_eq!(seen["entities"], json!([{ "__typename": "Capture" }]));
    assert_eq!(seen["then"]["id"], id.as_str());
    assert!(listed(&seen).contains(&id), "{seen:#}");
    let served = app.get_as(Some(&analyst), &path, &[]).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.bytes().await.unwrap(), SNHR_TEXT);
    // A key that is not one is refused, not read as the public.
    assert_eq!(
        app.get_as(Some("not-a-key"), &path, &[]).await.status(),
        401
    );
}

fn upload_form(source: &str, name: &str, mime: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    let operations = json!({
        "query": "mutation($f: Upload!, $s: ID!) { addCapture(input: { sourceId: $s, file: $f, url: \"https://example.org/video\" }, reason: \"collected from the court's channel\") { id sha256 size mediaType url } }",
        "variables": { "f": null, "s": source },
    });
    reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.f"] }).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str(mime)
                .unwrap(),
        )
}

async fn upload(app: &TestApp, key: Option<&str>, form: reqwest::multipart::Form) -> (u16, Value) {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .multipart(form);
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Editors upload a file with `addCapture` (a multipart request): stored under its
/// hash, served by range; the public may not upload, and a file past the limit is
/// refused with nothing stored.
async fn an_upload_adds_a_capture(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let video: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
    let (status, body) = upload(
        &app,
        Some(&editor),
        upload_form(&snhr(), "clip.mp4", "video/mp4", video.clone()),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let added = &body["data"]["addCapture"];
    let sha = daleel::evidence::sha256_of(&video);
    assert_eq!(
        added,
        &json!({ "id": added["id"], "sha256": sha, "size": video.len(), "mediaType": "video/mp4", "url": "https://example.org/video" }),
        "{body}"
    );
    let part = app
        .get_as(
            None,
            &format!("/evidence/{sha}"),
            &[("range", "bytes=1000-1999")],
        )
        .await;
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-type"], "video/mp4");
    assert_eq!(part.bytes().await.unwrap(), &video[1000..2000]);

    let (status, body) = upload(
        &app,
        None,
        upload_form(&snhr(), "x.txt", "text/plain", b"x".to_vec()),
    )
    .await;
    assert_eq!(
        (status, crate::helpers::error_code(&body)),
        (403, "FORBIDDEN".to_owned()),
        "{body}"
    );
    let analyst = app.key(Role::Analyst).await;
    let (status, _) = upload(
        &app,
        Some(&analyst),
        upload_form(&snhr(), "x.txt", "text/plain", b"x".to_vec()),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(captures_of(&app, None, &snhr()).await["totalCount"], 2);
}

/// A file past `--max-upload-bytes` is refused as it arrives, and nothing is recorded.
async fn an_upload_past_the_limit_is_refused(app: TestApp) {
    let limited = crate::helpers::spawn_app_with(app.backend, |s| s.max_upload_bytes = 4096)
        .await
        .unwrap();
    let editor = limited.key(Role::Editor).await;
    let (status, body) = upload(
        &limited,
        Some(&editor),
        upload_form(
            &snhr(),
            "big.bin",
            "application/octet-stream",
            vec![7u8; 10_000],
        ),
    )
    .await;
    assert_eq!(
        (status, crate::helpers::error_code(&body)),
        (413, "PAYLOAD_TOO_LARGE".to_owned()),
        "{body}"
    );
    assert!(body.to_string().contains("4096"), "{body}");
    assert_eq!(captures_of(&limited, None, &snhr()).await["totalCount"], 1);
    let small = upload(
        &limited,
        Some(&editor),
        upload_form(&snhr(), "small.txt", "text/plain", b"small".to_vec()),
    )
    .await;
    assert_eq!(small.0, 200, "{}", small.1);
}

crate::backend_tests!(
    an_upload_adds_a_capture,
    an_upload_past_the_limit_is_refused,
    seed_documents_are_captured_and_served,
    added_files_verify_and_tampering_is_caught,
    a_restricted_sources_capture_is_refused_to_the_public,
);
