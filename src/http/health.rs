//! Liveness and readiness for load balancers and orchestrators.

use actix_web::web::{self, ServiceConfig};
use actix_web::{HttpResponse, get};
use serde_json::json;
use std::time::Duration;

use crate::http::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

/// The process is up and serving HTTP.
#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// The database answers (and the read replica, when there is one); 503 otherwise, so a
/// load balancer stops sending traffic here until the database is back.
#[get("/readyz")]
async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let replica = async {
        match &state.databases.replica {
            Some(replica) => Some(ping(replica).await),
            None => None,
        }
    };
    let (primary, replica) = futures_util::future::join(ping(&state.db), replica).await;
    let word = |ok: bool| if ok { "ok" } else { "unreachable" };
    let mut body = json!({
        "status": if primary && replica != Some(false) { "ready" } else { "unavailable" },
        "database": word(primary),
    });
    if let Some(replica) = replica {
        body["readReplica"] = json!(word(replica));
    }
    if primary && replica != Some(false) {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

/// Pings `db`, giving up after two seconds: a load balancer's health check should get
/// an answer before its own timeout, and a database that slow is not ready anyway.
async fn ping(db: &sea_orm::DatabaseConnection) -> bool {
    tokio::time::timeout(Duration::from_secs(2), crate::db::ping(db))
        .await
        .unwrap_or(false)
}
