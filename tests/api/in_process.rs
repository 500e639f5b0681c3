//! Queries run through daleel's schema inside the test, over a connection that records
//! every statement it sends. The test's future is the current-thread runtime's main
//! future, as a request is on an actix worker: batching that depends on the order of
//! polls shows up here as it does in the benchmark's statement count.

use std::sync::{Arc, Mutex};

use async_graphql::{Request, Response, Variables};
use daleel::config::Settings;
use daleel::graphql::AppSchema;
use daleel::graphql::context::RequestState;
use daleel::graphql::loaders::data_loader;
use daleel::graphql::produced::WriteAsProduced;
use daleel::service::access::Viewer;
use sea_orm::{Database, DatabaseConnection, Statement};
use serde_json::Value;

use crate::helpers::TestApp;

/// A schema over a recording connection to a test's database.
pub struct Recorder {
    pub db: DatabaseConnection,
    seen: Arc<Mutex<Vec<Statement>>>,
    schema: AppSchema,
}

impl Recorder {
    pub async fn connect(app: &TestApp) -> Recorder {
        let url = app.database_url().to_owned();
        let seen: Arc<Mutex<Vec<Statement>>> = Arc::default();
        let mut db = Database::connect(&url).await.unwrap();
        let sink = seen.clone();
        db.set_metric_callback(move |info| sink.lock().unwrap().push(info.statement.clone()));
        let schema = daleel::graphql::build_schema(&Settings {
            max_complexity: 1_000_000_000,
            ..Settings::new(url.as_str(), "127.0.0.1:0")
        });
        Recorder { db, seen, schema }
    }

    /// Runs `query` as the public and returns the statements it sent.
    pub async fn statements(&self, query: &str, variables: Value) -> Vec<Statement> {
        let before = self.seen.lock().unwrap().len();
        let response = self.run(Self::request(&self.db, query, variables)).await;
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        self.seen.lock().unwrap()[before..].to_vec()
    }

    /// Runs `query` as the public and returns async-graphql's answer as it leaves the
    /// schema; with `produced`, its objects are written as they finish, as the HTTP
    /// handler asks.
    pub async fn response(&self, query: &str, variables: Value, produced: bool) -> Response {
        let mut request = Self::request(&self.db, query, variables);
        if produced {
            request = request.data(WriteAsProduced);
        }
        self.run(request).await
    }

    fn request(db: &DatabaseConnection, query: &str, variables: Value) -> Request {
        Request::new(query)
            .variables(Variables::from_json(variables))
            .data(data_loader(db.clone(), Viewer::PUBLIC))
            .data(RequestState {
                db: db.clone(),
                viewer: Viewer::PUBLIC,
                max_page_size: 100,
                language: Default::default(),
            })
    }

    async fn run(&self, request: Request) -> Response {
        self.schema.execute(request).await
    }
}
