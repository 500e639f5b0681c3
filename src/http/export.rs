//! `GET /api/export.ndjson`: the whole record as NDJSON for admins, streamed while it is
//! read (`service::export_stream`): one line per record, a page at a time, so that a
//! large export is not held in memory by the server or the client. `?role=public` (or
//! `analyst`, `editor`) exports only what that role may read, as `daleel export --role`.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::stream;

use crate::http::AppState;
use crate::http::graphql::{credential, respond};
use crate::http::negotiate::ResponseType;
use crate::http::pipeline::{self, Rejection};
use crate::service::access::{Role, Viewer};
use crate::service::export_stream;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/export.ndjson", web::get().to(export));
}

#[derive(serde::Deserialize)]
struct Query {
    role: Option<String>,
}

async fn export(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<Query>,
) -> HttpResponse {
    match start(&state, &req, query.into_inner()).await {
        Ok(response) => response,
        Err(rejection) => respond(rejection, ResponseType::Json),
    }
}

async fn start(
    state: &AppState,
    req: &HttpRequest,
    query: Query,
) -> Result<HttpResponse, Rejection> {
    let viewer = pipeline::authenticate_charged(state, req, credential(req)?).await?;
    pipeline::charge(state, state.rate_limits.address_of(req), viewer)?;
    if viewer.role != Role::Admin {
        return Err(Rejection::new(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "the export is for admins; send an admin's API key",
        ));
    }
    let scope = match query.role.as_deref() {
        None => None,
        Some(name) => Some(Viewer::with_role(Role::parse(name).ok_or_else(|| {
            Rejection::new(
                StatusCode::BAD_REQUEST,
                "BAD_USER_INPUT",
                format!("unknown role `{name}`; use public, analyst, editor or admin"),
            )
        })?)),
    };
    let (lines, received) = export_stream::channel();
    // The primary: an export is a backup, and must hold every committed write.
    tokio::spawn(export_stream::produce(state.db.clone(), scope, lines));
    let body = stream::unfold(received, |mut received| async move {
        let chunk = received.recv().await?;
        let bytes = chunk.map(web::Bytes::from).map_err(|err| {
            // Headers are sent: the client sees the body end early, without a last newline.
            tracing::error!(error = %err.message(), "the export stopped");
            std::io::Error::other("the export stopped")
        });
        Some((bytes, received))
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .streaming(body))
}
