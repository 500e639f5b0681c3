//! HTTP routes: `/graphql` (POST, GET, playground, WebSocket), `/healthz`, `/readyz`.

mod graphql;
mod health;
pub mod metrics;
mod playground;
mod request_id;
mod ws;

use std::sync::Arc;

use actix_web::web::ServiceConfig;
use sea_orm::DatabaseConnection;

use crate::db::StatementCounter;
use crate::graphql::AppSchema;
use crate::service::changes::ChangeHub;

pub use request_id::request_id;

/// What every handler shares; built once at start-up.
pub struct AppState {
    pub schema: AppSchema,
    pub db: DatabaseConnection,
    pub max_page_size: u32,
    pub statements: StatementCounter,
    pub metrics: Arc<metrics::Metrics>,
    /// Committed changes, for subscriptions.
    pub changes: ChangeHub,
}

pub fn routes(cfg: &mut ServiceConfig) {
    // WebSocket upgrades first: they share `/graphql` with POST and GET.
    cfg.configure(ws::routes)
        .configure(graphql::routes)
        .configure(health::routes);
}
