//! `GET /evidence/{sha256}`: a capture's content, streamed from the evidence store with
//! its media type, `ETag` the SHA-256 (content named by its hash never changes), and
//! byte ranges (`Range`, for video). Visibility is the capture's: the content is served
//! only to a caller who may see a capture of that hash, and anyone else is told there is
//! no such content, as for a hash never stored. Each read is noted in the capture's
//! chain of custody.

use actix_files::NamedFile;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use entity::capture;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::http::AppState;
use crate::http::graphql::{credential, respond};
use crate::http::negotiate::ResponseType;
use crate::http::pipeline::{self, Rejection};
use crate::service::access::Viewer;
use crate::service::relations::visible;
use crate::service::vocab::CustodyAction;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/evidence/{sha256}", web::get().to(content))
        .route("/evidence/{sha256}", web::head().to(content));
}

async fn content(
    state: web::Data<AppState>,
    req: HttpRequest,
    sha256: web::Path<String>,
) -> HttpResponse {
    match serve(&state, &req, &sha256).await {
        Ok(response) => response,
        Err(rejection) => respond(rejection, ResponseType::Json),
    }
}

async fn serve(
    state: &AppState,
    req: &HttpRequest,
    sha256: &str,
) -> Result<HttpResponse, Rejection> {
    // Charged like any request: content is no way around the rate limits, nor a way to
    // guess keys faster than the public may read.
    let viewer = pipeline::authenticate_charged(state, req, credential(req)?).await?;
    pipeline::charge(state, state.rate_limits.address_of(req), viewer)?;
    let not_found = || {
        Rejection::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "no content with this SHA-256 that you may read",
        )
    };
    let mut sha = sha256.to_owned();
    if crate::service::records::capture::sha256(&mut sha).is_err() {
        return Err(not_found());
    }
    let captures = visible_captures(state, viewer, &sha).await?;
    let Some(first) = captures.first() else {
        return Err(not_found());
    };
    let etag = format!("\"{sha}\"");
    let revalidated = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    if revalidated {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish());
    }
    let path = state.evidence.path_of(&sha);
    let file = NamedFile::open_async(&path).await.map_err(|_| {
        // The record says it is kept and it is not: `daleel verify` reports it.
        tracing::error!(sha256 = %sha, "a capture's file is missing from the evidence store");
        Rejection::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "CONTENT_MISSING",
            "the content is recorded but not in the evidence store; an administrator can run `daleel verify`",
        )
    })?;
    let media_type: actix_web::mime::Mime = first
        .media_type
        .parse()
        .unwrap_or(actix_web::mime::APPLICATION_OCTET_STREAM);
    let mut response = file
        .set_content_type(media_type)
        .use_etag(false)
        .use_last_modified(false)
        .disable_content_disposition()
        .into_response(req);
    let headers = response.headers_mut();
    // The media type as recorded, not as the file server would complete it.
    if let Ok(recorded) = header::HeaderValue::from_str(&first.media_type) {
        headers.insert(header::CONTENT_TYPE, recorded);
    }
    headers.insert(
        header::ETAG,
        header::HeaderValue::from_str(&etag).map_err(|_| not_found())?,
    );
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-cache"),
    );
    if req.method() == actix_web::http::Method::GET && response.status().is_success() {
        let range = req
            .headers()
            .get(header::RANGE)
            .and_then(|v| v.to_str().ok())
            .map(|r| format!("range {r}"));
        let ids: Vec<uuid::Uuid> = captures.iter().map(|c| c.id).collect();
        let db = state.db_for(crate::http::metrics::OperationKind::Mutation, viewer);
        crate::service::custody::note(&db, viewer, CustodyAction::Accessed, &ids, range.as_deref())
            .await
            .map_err(|e| {
                tracing::error!(error = ?e, "noting a read in the chain of custody failed");
                Rejection::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "UNAVAILABLE",
                    "the read could not be noted in the chain of custody; try again",
                )
            })?;
    }
    Ok(response)
}

/// The captures of `sha256` that `viewer` may see.
async fn visible_captures(
    state: &AppState,
    viewer: Viewer,
    sha256: &str,
) -> Result<Vec<capture::Model>, Rejection> {
    let mut select = visible::<capture::Entity>(viewer);
    select
        .column((capture::Entity, Asterisk))
        .and_where(Expr::col((capture::Entity, capture::Column::Sha256)).eq(sha256));
    let db = state.db_for(crate::http::metrics::OperationKind::Query, viewer);
    let unavailable = |_| {
        Rejection::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "UNAVAILABLE",
            "the database is not answering; try again",
        )
    };
    let rows = db.query_all(&select).await.map_err(unavailable)?;
    rows.iter()
        .map(|row| capture::Model::from_query_result(row, ""))
        .collect::<Result<_, _>>()
        .map_err(unavailable)
}
