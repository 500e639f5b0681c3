//! `/graphql` over HTTP, as the GraphQL-over-HTTP specification describes it: POST with
//! a JSON body, GET with a query string (never a mutation), answers in
//! `application/graphql-response+json` or `application/json` as the client accepts,
//! with persisted documents; and the GraphiQL playground for browsers.

use std::time::Instant;

use actix_web::http::header::{self, ContentType};
use actix_web::http::{Method, StatusCode};
use actix_web::web::{self, Bytes, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use async_graphql::{ErrorExtensionValues, Request, Response, ServerError, Variables};
use serde_json::{Value, json};

use crate::graphql::context::RequestState;
use crate::graphql::loaders::data_loader;
use crate::graphql::ordering::response_json;
use crate::http::AppState;
use crate::http::admission::{Admitted, admit};
use crate::http::metrics::OperationKind;
use crate::http::negotiate::{self, ResponseType};
use crate::http::params::{self, Params};
use crate::http::persisted::{Refusal, RefusalKind};
use crate::http::playground;
use crate::http::rate_limit::Client;
use crate::service::access::Viewer;
use crate::service::keys;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(
        web::resource("/graphql")
            .route(web::post().to(post_graphql))
            .route(web::get().to(get_graphql)),
    );
}

async fn post_graphql(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    if let Err(message) = negotiate::check_request_type(&req) {
        let rejection = Rejection::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "BAD_REQUEST", message);
        return serve(&state, &req, Err(rejection)).await;
    }
    let body = match read_body(payload, state.max_body_bytes).await {
        Ok(body) => body,
        Err(rejection) => {
            let response_type = negotiate::response_type(&req).unwrap_or(ResponseType::Json);
            state.metrics.observe_operation(
                OperationKind::Unknown,
                0.0,
                &[rejection.code.as_str()],
            );
            return rejection.respond(response_type);
        }
    };
    serve(&state, &req, params::from_json(&body).map_err(malformed)).await
}

/// Reads the body up to `limit` bytes; a larger one is refused as soon as it is seen,
/// without reading the rest into memory.
async fn read_body(mut payload: web::Payload, limit: usize) -> Result<Bytes, Rejection> {
    use futures_util::StreamExt;
    let too_large = || {
        Rejection::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "REQUEST_TOO_LARGE",
            format!(
                "the request body is larger than {limit} bytes; send a smaller query (or use `daleel import` for datasets)"
            ),
        )
    };
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            Rejection::new(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the request body could not be read",
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

async fn get_graphql(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let query_string = req.query_string();
    if query_string.is_empty() && accepts_html(&req) {
        return HttpResponse::Ok()
            .content_type(ContentType::html())
            .insert_header((
                header::CONTENT_SECURITY_POLICY,
                playground::content_security_policy(),
            ))
            .body(playground::page());
    }
    serve(
        &state,
        &req,
        params::from_query_string(query_string).map_err(malformed),
    )
    .await
}

/// One GraphQL request, from its parameters to the answer; every outcome is counted.
async fn serve(
    state: &AppState,
    req: &HttpRequest,
    params: Result<Params, Rejection>,
) -> HttpResponse {
    let started = Instant::now();
    let Some(response_type) = negotiate::response_type(req) else {
        let response = HttpResponse::NotAcceptable()
            .content_type(ResponseType::Json.content_type())
            .body(errors_body("the Accept header allows no type daleel answers in; accept application/graphql-response+json or application/json", "NOT_ACCEPTABLE"));
        state
            .metrics
            .observe_operation(OperationKind::Unknown, 0.0, &["NOT_ACCEPTABLE"]);
        return response;
    };
    let (response, kind, codes) = match answer(state, req, params, response_type).await {
        Ok(answered) => answered,
        Err(refused) => {
            let codes = vec![refused.code.clone()];
            (
                refused.respond(response_type),
                OperationKind::Unknown,
                codes,
            )
        }
    };
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    state
        .metrics
        .observe_operation(kind, started.elapsed().as_secs_f64(), &codes);
    response
}

/// A request refused before it ran, with the headers its status needs.
struct Rejection {
    status: StatusCode,
    code: String,
    message: String,
    headers: Vec<(header::HeaderName, &'static str)>,
    retry_after: Option<u64>,
}

impl Rejection {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Rejection {
        Rejection {
            status,
            code: code.to_owned(),
            message: message.into(),
            headers: Vec::new(),
            retry_after: None,
        }
    }

    fn respond(self, response_type: ResponseType) -> HttpResponse {
        let mut builder = HttpResponseBuilder::new(self.status);
        for header in self.headers {
            builder.insert_header(header);
        }
        if let Some(seconds) = self.retry_after {
            builder.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        builder
            .content_type(response_type.content_type())
            .body(errors_body(&self.message, &self.code))
    }

    fn from_refusal(refusal: Refusal, response_type: ResponseType) -> Rejection {
        let status = match refusal.kind {
            RefusalKind::Malformed => StatusCode::BAD_REQUEST,
            RefusalKind::RequestError => request_error_status(response_type),
            RefusalKind::Forbidden => StatusCode::FORBIDDEN,
        };
        Rejection::new(status, refusal.code, refusal.message)
    }
}

type Answered = (HttpResponse, OperationKind, Vec<String>);

async fn answer(
    state: &AppState,
    req: &HttpRequest,
    params: Result<Params, Rejection>,
    response_type: ResponseType,
) -> Result<Answered, Rejection> {
    let params = params?;
    let viewer = match viewer_of(state, req).await {
        Ok(viewer) => viewer,
        Err(rejection) => {
            // Failed authentication is charged to the address: keys cannot be guessed
            // faster than the public may read.
            charge(state, req, Viewer::PUBLIC)?;
            return Err(rejection);
        }
    };
    charge(state, req, viewer)?;
    let Admitted {
        query,
        document,
        kind,
    } = admit(state, &params).map_err(|refusal| Rejection::from_refusal(refusal, response_type))?;
    let mut request = Request::new(query.as_ref())
        .variables(Variables::from_json(Value::Object(params.variables)));
    if let Some(name) = &params.operation_name {
        request = request.operation_name(name.clone());
    }
    // Parsed once, in admission; execution reuses the document.
    request.set_parsed_query(document.clone());
    if kind == OperationKind::Mutation && req.method() == Method::GET {
        let mut rejection = Rejection::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "BAD_REQUEST",
            "mutations are only accepted over POST",
        );
        rejection.headers.push((header::ALLOW, "POST"));
        return Err(rejection);
    }
    if kind == OperationKind::Subscription {
        return Err(Rejection::new(
            request_error_status(response_type),
            "BAD_REQUEST",
            "subscriptions are served over WebSocket at /graphql (graphql-transport-ws)",
        ));
    }

    // Queries may go to the read replica; a mutation, and all it reads back, to the primary.
    let db = state.db_for(kind, viewer);
    let loader = data_loader(db.clone(), viewer);
    let request = request.data(loader).data(RequestState {
        db,
        viewer,
        max_page_size: state.max_page_size,
    });
    let Ok(mut response) =
        tokio::time::timeout(state.request_timeout, state.schema.execute(request)).await
    else {
        return Err(Rejection::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "TIMEOUT",
            format!(
                "the request ran longer than {} s and was stopped; ask for less (smaller pages, fewer fields)",
                state.request_timeout.as_secs()
            ),
        ));
    };
    if kind == OperationKind::Mutation {
        state.databases.wrote(viewer);
    }
    add_error_codes(&mut response);
    let codes = error_codes(&response);
    if is_request_error(&response) {
        let response = request_error(response_type, response.errors);
        return Ok((response, kind, codes));
    }
    let Ok(body) = response_json(&document, params.operation_name.as_deref(), &response) else {
        return Err(Rejection::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            "the answer could not be written as JSON",
        ));
    };
    let mut builder = HttpResponse::Ok();
    builder.content_type(response_type.content_type());
    if req.method() == Method::GET {
        cache_headers(&mut builder, state, viewer, response.errors.is_empty());
    }
    Ok((builder.body(body), kind, codes))
}

/// GET answers may be kept by HTTP caches only when anyone could have read them.
fn cache_headers(builder: &mut HttpResponseBuilder, state: &AppState, viewer: Viewer, ok: bool) {
    builder.insert_header((header::VARY, "Accept, Authorization"));
    let value = if viewer == Viewer::PUBLIC && ok && state.get_cache_max_age > 0 {
        format!("public, max-age={}", state.get_cache_max_age)
    } else if viewer == Viewer::PUBLIC {
        "no-cache".to_owned()
    } else {
        "private, no-store".to_owned()
    };
    builder.insert_header((header::CACHE_CONTROL, value));
}

/// Errors raised before execution began (syntax, validation, variables) leave no
/// `data` and no path: the request as a whole was refused.
fn is_request_error(response: &Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty())
}

fn request_error_status(response_type: ResponseType) -> StatusCode {
    match response_type {
        ResponseType::GraphqlResponse => StatusCode::BAD_REQUEST,
        ResponseType::Json => StatusCode::OK,
    }
}

/// A request error's answer: `errors` only, no `data` entry.
fn request_error(response_type: ResponseType, errors: Vec<ServerError>) -> HttpResponse {
    HttpResponseBuilder::new(request_error_status(response_type))
        .content_type(response_type.content_type())
        .json(json!({ "errors": errors }))
}

/// Parameters that cannot be read: 400, naming what to fix.
fn malformed(message: String) -> Rejection {
    Rejection::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", message)
}

fn errors_body(message: &str, code: &str) -> String {
    json!({ "errors": [{ "message": message, "extensions": { "code": code } }] }).to_string()
}

/// Takes a token from the key's bucket, or the client address's without a key.
fn charge(state: &AppState, req: &HttpRequest, viewer: Viewer) -> Result<(), Rejection> {
    let client = match (viewer.key, state.rate_limits.address_of(req)) {
        (Some(key), _) => Client::Key(key),
        (None, Some(address)) => Client::Address(address),
        (None, None) => return Ok(()),
    };
    state.rate_limits.check(client).map_err(|limited| {
        let seconds = limited.retry_after_secs();
        let whom = match client {
            Client::Key(_) => "this API key",
            Client::Address(_) => "this address",
        };
        let mut rejection = Rejection::new(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
            format!("too many requests from {whom}; retry after {seconds} s"),
        );
        rejection.retry_after = Some(seconds);
        rejection
    })
}

/// Who is asking: the public reader without an `Authorization` header, the key's role
/// with a valid `Bearer` key, and a 401 for anything else — never a silent fallback.
async fn viewer_of(state: &AppState, req: &HttpRequest) -> Result<Viewer, Rejection> {
    let Some(header) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(Viewer::PUBLIC);
    };
    let key = header
        .to_str()
        .ok()
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    let refused = |message: &str| {
        let mut rejection = Rejection::new(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", message);
        rejection.headers.push((header::WWW_AUTHENTICATE, "Bearer"));
        rejection
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
            Err(Rejection::new(
                StatusCode::SERVICE_UNAVAILABLE,
                code,
                err.message(),
            ))
        }
    }
}

/// Gives every error a `code`: resolver errors already carry one; errors without a
/// path happened before execution (validation), the rest are bad arguments.
fn add_error_codes(response: &mut Response) {
    for error in &mut response.errors {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|e| e.get("code").is_some());
        if has_code {
            continue;
        }
        // async-graphql reports its limits with fixed messages; say what to change.
        match error.message.as_str() {
            "Query is too complex." => {
                error.message = "the query is too complex: the lists in it could return more records than the server allows; ask for smaller pages with `first`/`last` on nested lists, or fewer fields".into();
                set_code(error, "QUERY_TOO_COMPLEX");
            }
            "Query is nested too deep." => {
                error.message =
                    "the query is nested too deep; ask for fewer levels in one request".into();
                set_code(error, "QUERY_TOO_DEEP");
            }
            _ if error.path.is_empty() => set_code(error, "GRAPHQL_VALIDATION_FAILED"),
            _ => set_code(error, "BAD_USER_INPUT"),
        }
    }
}

fn error_codes(response: &Response) -> Vec<String> {
    response
        .errors
        .iter()
        .filter_map(|error| match error.extensions.as_ref()?.get("code")? {
            async_graphql::Value::String(code) => Some(code.clone()),
            _ => None,
        })
        .collect()
}

fn set_code(error: &mut ServerError, code: &str) {
    error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default)
        .set("code", code);
}

fn accepts_html(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}
