//! `/graphql`: queries as JSON over POST, queries over GET (GraphQL over HTTP), and
//! the GraphiQL playground for browsers.

use actix_web::http::header::{self, ContentType};
use actix_web::web::{self, Bytes, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse};
use async_graphql::{ErrorExtensionValues, Request, Response, ServerError};
use serde_json::json;

use crate::graphql::context::RequestState;
use crate::graphql::loaders::data_loader;
use crate::graphql::ordering::order_like_query;
use crate::http::AppState;
use crate::http::playground;
use crate::service::access::Viewer;
use crate::service::keys;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(
        web::resource("/graphql")
            .route(web::post().to(post_graphql))
            .route(web::get().to(get_graphql)),
    );
}

async fn post_graphql(state: web::Data<AppState>, req: HttpRequest, body: Bytes) -> HttpResponse {
    let viewer = match viewer_of(&state, &req).await {
        Ok(viewer) => viewer,
        Err(refusal) => return refusal,
    };
    match serde_json::from_slice::<Request>(&body) {
        Ok(request) => execute(&state, viewer, request).await,
        Err(err) => bad_request(&format!(
            "the request body is not a GraphQL request: {err}; send JSON like {{\"query\": \"{{ facilities {{ totalCount }} }}\"}}"
        )),
    }
}

async fn get_graphql(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let query_string = req.query_string();
    if query_string.is_empty() && accepts_html(&req) {
        return HttpResponse::Ok()
            .content_type(ContentType::html())
            .body(playground::page());
    }
    let viewer = match viewer_of(&state, &req).await {
        Ok(viewer) => viewer,
        Err(refusal) => return refusal,
    };
    match async_graphql::http::parse_query_string(query_string) {
        // GET must not change anything (GraphQL over HTTP): a mutation needs POST.
        Ok(request) if is_mutation(&request) => HttpResponse::MethodNotAllowed()
            .insert_header((header::ALLOW, "POST"))
            .json(json!({ "errors": [{ "message": "mutations are only accepted over POST", "extensions": { "code": "BAD_REQUEST" } }] })),
        Ok(request) => execute(&state, viewer, request).await,
        Err(err) => bad_request(&format!(
            "the query string is not a GraphQL request: {err}; use ?query=...&variables=<JSON>&operationName=..."
        )),
    }
}

/// Who is asking: the public reader without an `Authorization` header, the key's role
/// with a valid `Bearer` key, and a 401 for anything else — never a silent fallback.
async fn viewer_of(state: &AppState, req: &HttpRequest) -> Result<Viewer, HttpResponse> {
    let Some(header) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(Viewer::PUBLIC);
    };
    let key = header
        .to_str()
        .ok()
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    let refused = |message: &str| {
        HttpResponse::Unauthorized()
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .json(json!({ "errors": [{ "message": message, "extensions": { "code": "UNAUTHENTICATED" } }] }))
    };
    let Some(key) = key else {
        return Err(refused(
            "the Authorization header must be `Bearer <API key>`; omit it to read as the public",
        ));
    };
    match keys::authenticate(&state.db, key).await {
        Ok(Ok(viewer)) => Ok(viewer),
        // One message for unknown, revoked and mistyped keys: no oracle for guessing.
        Ok(Err(_)) => Err(refused(
            "the API key is not valid (unknown, revoked or mistyped); ask an admin for a key",
        )),
        Err(err) => {
            let code = err.code();
            tracing::error!(error = ?err, code, "authentication failed");
            Err(HttpResponse::ServiceUnavailable().json(
                json!({ "errors": [{ "message": err.message(), "extensions": { "code": code } }] }),
            ))
        }
    }
}

/// Runs one operation as `viewer` with a fresh DataLoader.
async fn execute(state: &AppState, viewer: Viewer, request: Request) -> HttpResponse {
    let loader = data_loader(state.db.clone(), viewer);
    let request = request.data(loader).data(RequestState {
        db: state.db.clone(),
        viewer,
        max_page_size: state.max_page_size,
    });
    let (query, operation_name) = (request.query.clone(), request.operation_name.clone());
    let mut response = state.schema.execute(request).await;
    order_like_query(&query, operation_name.as_deref(), &mut response.data);
    add_error_codes(&mut response);
    HttpResponse::Ok().json(response)
}

/// Gives every error a `code`: resolver errors already carry one; errors without a
/// path happened before execution (syntax or validation), the rest are bad arguments.
fn add_error_codes(response: &mut Response) {
    for error in &mut response.errors {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|e| e.get("code").is_some());
        if !has_code {
            let code = if error.path.is_empty() {
                "GRAPHQL_VALIDATION_FAILED"
            } else {
                "BAD_USER_INPUT"
            };
            set_code(error, code);
        }
    }
}

fn set_code(error: &mut ServerError, code: &str) {
    error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default)
        .set("code", code);
}

/// Whether the operation the request would run is a mutation.
fn is_mutation(request: &Request) -> bool {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let Ok(doc) = async_graphql::parser::parse_query(&request.query) else {
        return false;
    };
    let is =
        |op: &async_graphql::parser::types::OperationDefinition| op.ty == OperationType::Mutation;
    match (&doc.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(op), _) => is(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => {
            ops.get(name).is_some_and(|op| is(&op.node))
        }
        (DocumentOperations::Multiple(ops), None) => ops.values().any(|op| is(&op.node)),
    }
}

fn accepts_html(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// A request that is not GraphQL at all: 400, still in the GraphQL error shape.
fn bad_request(message: &str) -> HttpResponse {
    HttpResponse::BadRequest().json(json!({
        "errors": [{ "message": message, "extensions": { "code": "BAD_REQUEST" } }]
    }))
}
