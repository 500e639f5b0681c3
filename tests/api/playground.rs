//! The playground: GraphiQL with its assets served by daleel itself when configured,
//! checked over plain HTTP and in headless Chromium with the network cut off.

use std::path::{Path, PathBuf};
use std::time::Duration;

use uuid::Uuid;

use crate::helpers::{Backend, TestApp, spawn_app, spawn_app_with};
use crate::node;

const CHROMIUM: &str = "/usr/bin/chromium";

/// What the page loads, as the assets directory holds it and where npm puts it.
const ASSETS: [(&str, &str); 4] = [
    ("graphiql.min.js", "graphiql/graphiql.min.js"),
    ("graphiql.min.css", "graphiql/graphiql.min.css"),
    (
        "react.production.min.js",
        "react/umd/react.production.min.js",
    ),
    (
        "react-dom.production.min.js",
        "react-dom/umd/react-dom.production.min.js",
    ),
];

/// A directory filled like `scripts/playground-assets.sh` does, removed on drop.
struct AssetsDir(PathBuf);

impl AssetsDir {
    fn from_node_modules() -> AssetsDir {
        let dir = std::env::temp_dir().join(format!("daleel_assets_{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let modules = node::node_dir().join("node_modules");
        for (name, source) in ASSETS {
            std::fs::copy(modules.join(source), dir.join(name))
                .unwrap_or_else(|e| panic!("copy {source}: {e}"));
        }
        AssetsDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for AssetsDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn playground_page(app: &TestApp) -> String {
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_page_loads_its_assets_from_this_server() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let page = playground_page(&app).await;
    for (name, _) in ASSETS {
        assert!(
            page.contains(&format!("\"playground/assets/{name}\"")),
            "{name} not referenced locally in\n{page}"
        );
    }
    assert!(!page.contains("unpkg"), "{page}");
}

#[tokio::test]
async fn without_local_assets_the_pinned_cdn_versions_are_used() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let response = no_redirects()
        .get(format!("{}/playground/assets/graphiql.min.js", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        "https://unpkg.com/graphiql@3.8.3/graphiql.min.js"
    );
    let react = no_redirects()
        .get(format!(
            "{}/playground/assets/react.production.min.js",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        react.headers()["location"],
        "https://unpkg.com/react@18.3.1/umd/react.production.min.js"
    );
}

#[tokio::test]
async fn local_assets_are_served_with_their_content_type_and_cacheable() {
    if !node::ensure_installed() {
        return;
    }
    let assets = AssetsDir::from_node_modules();
    let dir = assets.path().to_owned();
    let app = spawn_app_with(Backend::Sqlite, |s| s.playground_assets = Some(dir))
        .await
        .unwrap();
    for (name, content_type) in [
        ("graphiql.min.js", "text/javascript; charset=utf-8"),
        ("react.production.min.js", "text/javascript; charset=utf-8"),
        (
            "react-dom.production.min.js",
            "text/javascript; charset=utf-8",
        ),
        ("graphiql.min.css", "text/css; charset=utf-8"),
    ] {
        let response = no_redirects()
            .get(format!("{}/playground/assets/{name}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{name}");
        assert_eq!(response.headers()["content-type"], content_type, "{name}");
        assert!(
            response.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("max-age"),
            "{name}"
        );
        let etag = response.headers()["etag"].clone();
        let body = response.bytes().await.unwrap();
        assert_eq!(
            body,
            std::fs::read(assets.path().join(name)).unwrap(),
            "{name}"
        );
        // A browser revalidating gets a 304 and no body.
        let again = app
            .client
            .get(format!("{}/playground/assets/{name}", app.address))
            .header("if-none-match", etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{name}");
    }
    // Only the listed files, and nothing outside the directory.
    for path in [
        "/playground/assets/package.json",
        "/playground/assets/..%2F..%2Fetc%2Fpasswd",
        "/playground/assets/../../Cargo.toml",
    ] {
        let status = app.get(path).await.status();
        assert_eq!(status, 404, "{path}");
    }
}

#[tokio::test]
async fn start_up_fails_when_the_assets_directory_lacks_a_file() {
    if !node::ensure_installed() {
        return;
    }
    let assets = AssetsDir::from_node_modules();
    std::fs::remove_file(assets.path().join("react-dom.production.min.js")).unwrap();
    let mut settings = daleel::config::Settings::new("sqlite::memory:", "127.0.0.1:0");
    settings.playground_assets = Some(assets.path().to_owned());
    let Err(err) = daleel::startup::Application::build(settings).await else {
        panic!("the server started without react-dom");
    };
    let message = err.to_string();
    assert!(
        message.contains("react-dom.production.min.js")
            && message.contains("scripts/playground-assets.sh"),
        "{message}"
    );
}

/// Whether Chromium is here to run; outside CI its absence skips the test.
fn chromium_available() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{CHROMIUM} is missing, and CI requires the playground check (apt-get install chromium)"
        );
    }
    eprintln!("skipped: {CHROMIUM} is missing (apt-get install chromium)");
    false
}

#[tokio::test]
async fn the_playground_runs_the_example_query_offline_in_chromium() {
    if !node::ensure_installed() || !chromium_available() {
        return;
    }
    let assets = AssetsDir::from_node_modules();
    let dir = assets.path().to_owned();
    let app = spawn_app_with(Backend::Sqlite, |s| s.playground_assets = Some(dir))
        .await
        .unwrap();
    let output = node::run_script(
        "playground.mjs",
        &[
            &format!("{}/graphql", app.address),
            "Al-Khatib prison",
            "سجن الخطيب",
        ],
        Duration::from_secs(120),
    )
    .await;
    for line in [
        "graphiql loaded with the example query",
        "result pane shows \"name\": \"Al-Khatib prison\"",
        "result pane lays سجن الخطيب out right to left",
        "docs explorer shows Query with its field facilities",
        "no request left 127.0.0.1",
    ] {
        assert!(output.contains(line), "{line} missing in\n{output}");
    }
}
