//! `spawn_app(backend)`: a real daleel server on a free port over its own fresh
//! database, dropped when the test ends; and `post_graphql` to talk to it.

use std::sync::{Arc, OnceLock};

use daleel::config::Settings;
use daleel::db::StatementCounter;
use daleel::startup::Application;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use uuid::Uuid;

/// The databases the suite runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    Mysql,
}

impl Backend {
    /// The server URL of this backend (tests create their own database on it).
    fn server_url(self) -> Option<String> {
        let var = match self {
            Backend::Sqlite => return Some(String::new()),
            Backend::Postgres => "DALEEL_TEST_POSTGRES_URL",
            Backend::Mysql => "DALEEL_TEST_MYSQL_URL",
        };
        match std::env::var(var) {
            Ok(url) if !url.is_empty() => Some(url),
            // CI must run every backend: a missing URL there is a failure, not a skip.
            _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("{var} is not set, and CI requires every backend")
            }
            _ => None,
        }
    }
}

/// A running server and the database it owns.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub statements: StatementCounter,
    pub backend: Backend,
    /// The server's change events (subscription tests wait for subscribers with it).
    pub changes: daleel::service::changes::ChangeHub,
    /// Shared with peers over the same database; dropped with the last of them.
    _database: Arc<TestDatabase>,
}

/// Starts a server with the built-in data, or `None` when `backend` is not configured.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

/// A server on each backend configured (SQLite always), with settings adjusted by
/// `configure`: for tests that need settings of their own on all three databases.
pub async fn spawn_each(configure: impl Fn(&mut Settings) + Copy) -> Vec<TestApp> {
    let mut apps = Vec::new();
    for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
        if let Some(app) = spawn_app_with(backend, configure).await {
            apps.push(app);
        }
    }
    apps
}

/// Like `spawn_app`, with settings adjusted by `configure` first.
pub async fn spawn_app_with(
    backend: Backend,
    configure: impl FnOnce(&mut Settings),
) -> Option<TestApp> {
    init_logging();
    let Some(server_url) = backend.server_url() else {
        eprintln!("skipped: no {backend:?} server configured");
        return None;
    };
    let database = TestDatabase::create(backend, &server_url).await;
    let mut settings = Settings::new(database.url.clone(), "127.0.0.1:0");
    settings.evidence_dir = database.evidence.clone();
    // Tests send bursts from one address; the rate-limit tests switch limits back on.
    settings.rate_limit_per_address = 0;
    settings.rate_limit_per_key = 0;
    settings.workers = 1;
    settings.db_pool_size = 4;
    configure(&mut settings);
    let app = Application::build(settings)
        .await
        .expect("the server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.db().clone();
    let statements = app.statements();
    let changes = app.changes();
    tokio::spawn(app.run_until_stopped());
    Some(TestApp {
        address,
        client: test_client(),
        db,
        statements,
        backend,
        changes,
        _database: Arc::new(database),
    })
}

/// The HTTP client of a test: it lets an idle connection go before the server's
/// keep-alive (5 s) closes it, so a request after a long step (generating a dataset)
/// is not sent on a connection the server is closing.
fn test_client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_idle_timeout(std::time::Duration::from_secs(2))
        .build()
        .expect("the test client builds")
}

impl TestApp {
    /// POSTs a GraphQL request and returns the JSON response body.
    pub async fn post_graphql(&self, query: &str, variables: Value) -> Value {
        let response = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("the request is sent");
        assert_eq!(response.status(), 200, "GraphQL requests answer 200");
        response.json().await.expect("the response is JSON")
    }

    /// POSTs a GraphQL request with `Authorization: <authorization>`; returns status and body.
    pub async fn post_graphql_with(
        &self,
        authorization: &str,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        let response = self
            .client
            .post(format!("{}/graphql", self.address))
            .header("authorization", authorization)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("the request is sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("the response is JSON"))
    }

    /// Makes an API key with `role` straight in this server's database.
    pub async fn key(&self, role: daleel::service::access::Role) -> String {
        daleel::service::keys::create(&self.db, "test", role)
            .await
            .map_err(|e| e.message())
            .unwrap()
            .secret
    }

    /// Changes the visibility of the record `id` (of GraphQL type `typename`) through the
    /// API, as an editor would, so that everything the door derives from it follows.
    pub async fn set_visibility(&self, typename: &str, id: &str, visibility: &str) {
        let editor = self.key(daleel::service::access::Role::Editor).await;
        let read =
            format!("query($id: ID!) {{ node(id: $id) {{ ... on {typename} {{ version }} }} }}");
        let version =
            self.query_as(&editor, &read, json!({ "id": id })).await["node"]["version"].clone();
        let write = format!(
            "mutation($id: ID!, $v: Int!) {{ update{typename}(id: $id, expectedVersion: $v, input: {{ visibility: {visibility} }}) {{ id }} }}"
        );
        self.query_as(&editor, &write, json!({ "id": id, "v": version }))
            .await;
    }

    /// Runs `query` with `key` and returns its `data`, failing the test on any error.
    pub async fn query_as(&self, key: &str, query: &str, variables: Value) -> Value {
        let (status, body) = self
            .post_graphql_with(&format!("Bearer {key}"), query, variables)
            .await;
        assert_eq!(status, 200, "{body:#}");
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// Runs `query` and returns its `data`, failing the test on any error.
    pub async fn query_ok(&self, query: &str, variables: Value) -> Value {
        let body = self.post_graphql(query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// Runs `query` and counts the SQL statements it caused. Tests run one request at a
    /// time against their own server, so the counter's difference is this request's.
    pub async fn count_statements(&self, query: &str, variables: Value) -> (Value, u64) {
        let before = self.statements.get();
        let data = self.query_ok(query, variables).await;
        (data, self.statements.get() - before)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the request is sent")
    }

    /// `GET path` with `key` (none: the public) and `headers`.
    pub async fn get_as(
        &self,
        key: Option<&str>,
        path: &str,
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.address));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("the request is sent")
    }
}

/// Returns the single error of a GraphQL response, asserting there is exactly one.
pub fn single_error(body: &Value) -> &Value {
    let errors = body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("expected errors: {body:#}"));
    assert_eq!(errors.len(), 1, "{body:#}");
    &errors[0]
}

/// The error code of the single error of a response.
pub fn error_code(body: &Value) -> String {
    single_error(body)["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A database of one test, removed when the test ends (even when it fails).
struct TestDatabase {
    backend: Backend,
    server_url: String,
    name: String,
    url: String,
    /// The test's own evidence store, removed with its database.
    evidence: std::path::PathBuf,
}

impl TestDatabase {
    async fn create(backend: Backend, server_url: &str) -> TestDatabase {
        let name = format!("daleel_test_{}", Uuid::new_v4().simple());
        let url = match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                format!("sqlite://{}?mode=rwc", path.display())
            }
            Backend::Postgres | Backend::Mysql => {
                let admin = Database::connect(server_url)
                    .await
                    .expect("the database server is reachable");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create database");
                admin.close().await.ok();
                with_database(server_url, &name)
            }
        };
        let evidence = std::env::temp_dir().join(format!("{name}_evidence"));
        TestDatabase {
            backend,
            server_url: server_url.to_owned(),
            name,
            url,
            evidence,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.evidence);
        let (backend, server_url, name) =
            (self.backend, self.server_url.clone(), self.name.clone());
        if backend == Backend::Sqlite {
            for suffix in ["", "-wal", "-shm"] {
                let _ =
                    std::fs::remove_file(std::env::temp_dir().join(format!("{name}.db{suffix}")));
            }
            return;
        }
        // Drop runs inside the test's runtime, which cannot block: use a thread of its own.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                if let Ok(admin) = Database::connect(&server_url).await {
                    let sql = match backend {
                        Backend::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                        _ => format!("DROP DATABASE IF EXISTS {name}"),
                    };
                    let _ = admin.execute_unprepared(&sql).await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}

/// `url` with its database name replaced by `name` (query string kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_part = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    format!("{host_part}/{name}{query}")
}

fn init_logging() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        if std::env::var("TEST_LOG").is_ok() {
            let _ = daleel::telemetry::init(daleel::config::LogFormat::Pretty, "info", None);
        }
    });
}

/// Declares each listed `async fn name(app: TestApp)` as one test per backend:
/// `sqlite::name`, `postgres::name`, `mysql::name`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await { super::$name(app).await }
            })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await { super::$name(app).await }
            })*
        }
        mod mysql {
            $(#[tokio::test] async fn $name() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Mysql).await { super::$name(app).await }
            })*
        }
    };
}

impl TestApp {
    /// The URL of this test's own database.
    pub fn database_url(&self) -> &str {
        &self._database.url
    }

    /// This test's own evidence store, as its server keeps it.
    pub fn evidence(&self) -> daleel::evidence::Store {
        daleel::evidence::Store::new(self._database.evidence.clone())
    }

    /// Runs `daleel <args> --database-url <this test's database>` and waits for it.
    pub fn command(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_daleel"))
            .args(args)
            .args(["--database-url", self.database_url()])
            .arg("--evidence-dir")
            .arg(&self._database.evidence)
            .output()
            .unwrap()
    }

    /// A second server over this server's database, as another replica would be.
    pub async fn spawn_peer(&self) -> TestApp {
        let mut settings = Settings::new(self._database.url.clone(), "127.0.0.1:0");
        settings.evidence_dir = self._database.evidence.clone();
        settings.workers = 1;
        settings.db_pool_size = 4;
        let app = Application::build(settings)
            .await
            .expect("the peer server starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let (db, statements, changes) = (app.db().clone(), app.statements(), app.changes());
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            client: test_client(),
            db,
            statements,
            backend: self.backend,
            changes,
            _database: self._database.clone(),
        }
    }
}

/// `daleel serve` on a free port of 127.0.0.1 with `args`, its output discarded: the
/// command (to add to, then spawn) and the server's base URL.
pub fn serve_command(args: &[&str]) -> (std::process::Command, String) {
    let port = free_port();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_daleel"));
    command
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    (command, format!("http://127.0.0.1:{port}"))
}

/// A free port on 127.0.0.1, for a server binary the test starts.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until the server at `base` answers `path`, for at most a minute.
pub async fn wait_until_up(client: &reqwest::Client, base: &str, path: &str) {
    let started = std::time::Instant::now();
    while client.get(format!("{base}{path}")).send().await.is_err() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the server did not start"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
