//! HTTP routes: `/graphql` (POST, GET, playground, WebSocket), `/playground/assets/`,
//! `/healthz`, `/readyz`, `/metrics`; and the middleware around them.

mod admission;
pub mod answer_tag;
pub mod compression;
pub mod cors;
mod evidence;
mod export;
mod graphql;
mod health;
pub mod metrics;
mod negotiate;
mod params;
pub mod persisted;
pub mod pipeline;
pub mod playground;
pub mod queue;
pub mod rate_limit;
mod request_id;
pub mod response_cache;
pub mod rest;
pub mod routing;
mod security_headers;
mod upload;
mod ws;

use std::sync::Arc;

use actix_web::web::ServiceConfig;
use sea_orm::DatabaseConnection;

use crate::db::StatementCounter;
use crate::graphql::AppSchema;
use crate::service::access::Viewer;
use crate::service::changes::ChangeHub;

pub use request_id::request_id;
pub use security_headers::middleware as security_headers;

/// What every handler shares; built once at start-up.
pub struct AppState {
    pub schema: AppSchema,
    /// The primary database (writes, API keys, readiness).
    pub db: DatabaseConnection,
    /// The primary and the read replica, and which one a request uses.
    pub databases: routing::Databases,
    pub max_page_size: u32,
    pub statements: StatementCounter,
    pub metrics: Arc<metrics::Metrics>,
    pub documents: persisted::Documents,
    /// The named queries served at `/api/{name}`.
    pub rest: Arc<rest::Operations>,
    /// `Cache-Control: max-age` for public GET answers (0: revalidate each time).
    pub public_max_age: u32,
    /// Public answers to persisted documents, until the next write.
    pub response_cache: response_cache::ResponseCache,
    /// What of this server shapes answers, in every answer's tag (`answer_tag`).
    pub server_fingerprint: String,
    /// Most fields one query may select.
    pub max_fields: usize,
    /// Largest request body read.
    pub max_body_bytes: usize,
    /// Largest uploaded file (`--max-upload-bytes`).
    pub max_upload_bytes: u64,
    /// Longest one request may run (waiting for its turn included).
    pub request_timeout: std::time::Duration,
    /// Turns at the database, first come first served (`queue`).
    pub queue: queue::Queue,
    /// Token buckets per key and per client address.
    pub rate_limits: rate_limit::RateLimits,
    /// Longest answer written (`--max-response-bytes`).
    pub max_response_bytes: usize,
    /// Most operations one WebSocket connection may run at once.
    pub max_ws_operations: usize,
    /// Whether `__schema`/`__type` are refused.
    pub introspection_disabled: bool,
    /// The playground's files when served locally (`--playground-assets`).
    pub playground_assets: Option<Arc<playground::PlaygroundAssets>>,
    /// Committed changes, for subscriptions.
    pub changes: ChangeHub,
    /// The schema's field types, for null propagation (`graphql/nulls.rs`).
    pub field_types: crate::graphql::nulls::FieldTypes,
    /// Captured content (`--evidence-dir`).
    pub evidence: crate::evidence::Store,
}

impl AppState {
    /// The pool an operation runs on: see `routing::Databases::for_operation`.
    pub fn db_for(&self, kind: metrics::OperationKind, viewer: Viewer) -> DatabaseConnection {
        self.databases.for_operation(kind, viewer).clone()
    }
}

pub fn routes(cfg: &mut ServiceConfig) {
    // WebSocket upgrades first: they share `/graphql` with POST and GET.
    cfg.configure(ws::routes)
        .configure(graphql::routes)
        .configure(playground::routes)
        .configure(evidence::routes)
        .configure(export::routes)
        // After the export: `/api/{name}` would take `/api/export.ndjson` for its own.
        .configure(rest::routes)
        .configure(health::routes)
        .configure(metrics::routes);
}
