//! `/graphql` over HTTP, as the GraphQL-over-HTTP specification describes it: POST with
//! a JSON body, GET with a query string (never a mutation), answers in
//! `application/graphql-response+json` or `application/json` as the client accepts,
//! with persisted documents; and the GraphiQL playground for browsers.

use std::time::Instant;

use actix_web::http::header::{self, ContentType, ETag, EntityTag};
use actix_web::http::{Method, StatusCode};
use actix_web::web::{self, Bytes, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use async_graphql::ServerError;
use serde_json::json;

use crate::graphql::produced::WriteAsProduced;
use crate::http::AppState;
use crate::http::answer_tag::{answer_tag, client_holds};
use crate::http::metrics::OperationKind;
use crate::http::negotiate::{self, ResponseType};
use crate::http::params::{self, Params};
use crate::http::pipeline::{self, Prepared, Rejection, is_request_error};
use crate::http::playground;
use crate::i18n::Language;
use crate::service::access::Viewer;
use crate::service::data_version;

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
    if crate::http::upload::is_multipart(&req) {
        return crate::http::upload::post(&state, &req, payload).await;
    }
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
            return respond(rejection, response_type);
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
    serve_with_uploads(state, req, params, Vec::new()).await
}

/// Answers a request whose files (a multipart upload's) the operation reads.
pub(crate) async fn serve_with_uploads(
    state: &AppState,
    req: &HttpRequest,
    params: Result<Params, Rejection>,
    uploads: Vec<async_graphql::UploadValue>,
) -> HttpResponse {
    let Some(response_type) = negotiate::response_type(req) else {
        let response = HttpResponse::NotAcceptable()
            .content_type(ResponseType::Json.content_type())
            .body(errors_body("the Accept header allows no type daleel answers in; accept application/graphql-response+json or application/json", "NOT_ACCEPTABLE"));
        state
            .metrics
            .observe_operation(OperationKind::Unknown, 0.0, &["NOT_ACCEPTABLE"]);
        return response;
    };
    answer_counted(state, req, params, uploads, response_type).await
}

/// Answers a request in `response_type`, whatever its `Accept` header says (a REST
/// endpoint's JSON, also the source of its CSV).
pub(crate) async fn serve_as(
    state: &AppState,
    req: &HttpRequest,
    params: Result<Params, Rejection>,
    response_type: ResponseType,
) -> HttpResponse {
    answer_counted(state, req, params, Vec::new(), response_type).await
}

/// The answer, with the operation counted in the metrics.
async fn answer_counted(
    state: &AppState,
    req: &HttpRequest,
    params: Result<Params, Rejection>,
    uploads: Vec<async_graphql::UploadValue>,
    response_type: ResponseType,
) -> HttpResponse {
    let started = Instant::now();
    let (response, kind, codes) = match answer(state, req, params, uploads, response_type).await {
        Ok(answered) => answered,
        Err(refused) => {
            let codes = vec![refused.code.clone()];
            (
                respond(refused, response_type),
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

/// How a refusal is answered over HTTP.
pub(crate) fn respond(rejection: Rejection, response_type: ResponseType) -> HttpResponse {
    let mut builder = HttpResponseBuilder::new(rejection.status);
    for header in rejection.headers {
        builder.insert_header(header);
    }
    if let Some(seconds) = rejection.retry_after {
        builder.insert_header((header::RETRY_AFTER, seconds.to_string()));
    }
    builder
        .content_type(response_type.content_type())
        .body(errors_body(&rejection.message, &rejection.code))
}

type Answered = (HttpResponse, OperationKind, Vec<String>);

async fn answer(
    state: &AppState,
    req: &HttpRequest,
    params: Result<Params, Rejection>,
    uploads: Vec<async_graphql::UploadValue>,
    response_type: ResponseType,
) -> Result<Answered, Rejection> {
    let params = params?;
    // Whether the request names a persisted document (by id or by hash): only those
    // answers go in the response cache, as only those repeat.
    let persisted =
        params.document_id.is_some() || matches!(params.persisted_query_hash(), Ok(Some(_)));
    let viewer = pipeline::authenticate_charged(state, req, credential(req)?).await?;
    pipeline::charge(state, state.rate_limits.address_of(req), viewer)?;
    let error_status = request_error_status(response_type);
    let language = negotiate::language(req);
    let Prepared {
        mut request,
        document,
        kind,
        operation_name,
        viewer,
    } = pipeline::prepare(state, viewer, language, params)
        .map_err(|refusal| Rejection::from_refusal(refusal, error_status))?;
    request.uploads = uploads;
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
            error_status,
            "BAD_REQUEST",
            "subscriptions are served over WebSocket at /graphql (graphql-transport-ws)",
        ));
    }
    // Only the public's answers are shared: by HTTP caches (GET) and by the response
    // cache (persisted documents). Mutations never come this far over GET, and
    // subscriptions never over HTTP.
    let get = req.method() == Method::GET;
    let shared = viewer == Viewer::PUBLIC
        && kind == OperationKind::Query
        && (get || (persisted && state.response_cache.enabled()));
    let tagged = if shared {
        // If the version cannot be read, the answer goes untagged: the query itself
        // meets the same outage and says so.
        data_version::current(&state.db_for(kind, viewer))
            .await
            .ok()
            .map(|version| {
                let tag = answer_tag(
                    &state.server_fingerprint,
                    version,
                    &request,
                    language,
                    response_type,
                );
                (version, tag)
            })
    } else {
        None
    };
    let headers = AnswerHeaders {
        get,
        viewer,
        language,
        response_type,
        tag: tagged.as_ref().map(|(_, tag)| tag.clone()),
    };
    if let Some((version, tag)) = &tagged {
        if get && client_holds(req, tag) {
            let mut builder = HttpResponse::NotModified();
            headers.cache(&mut builder, state, true);
            return Ok((builder.finish(), kind, Vec::new()));
        }
        if persisted && let Some(body) = state.response_cache.get(*version, tag.tag()) {
            return Ok((headers.answer(state, true).body(body), kind, Vec::new()));
        }
    }
    // This answer is written by `answer_json`, which takes objects written as produced.
    let request = request.data(WriteAsProduced);
    let mut response = pipeline::execute(state, request, kind, viewer).await?;
    pipeline::add_error_codes(&mut response);
    let codes = pipeline::error_codes(&response);
    if is_request_error(&response) {
        let response = request_error(response_type, response.errors);
        return Ok((response, kind, codes));
    }
    let body = pipeline::answer_json(state, &document, operation_name.as_deref(), &mut response)
        .map_err(|mut rejection| {
            if rejection.code == "RESPONSE_TOO_LARGE" {
                rejection.status = error_status;
            }
            rejection
        })?;
    let body = Bytes::from(body);
    let ok = response.errors.is_empty();
    if let (true, true, Some((version, tag))) = (ok, persisted, &tagged) {
        state
            .response_cache
            .put(*version, tag.tag().to_owned(), body.clone());
    }
    Ok((headers.answer(state, ok).body(body), kind, codes))
}

/// The headers of a `200` answer or a `304`.
struct AnswerHeaders {
    get: bool,
    viewer: Viewer,
    language: Language,
    response_type: ResponseType,
    /// The answer's tag, when it may be shared.
    tag: Option<EntityTag>,
}

impl AnswerHeaders {
    /// A `200`, with `ok` telling whether the answer is free of errors.
    fn answer(&self, state: &AppState, ok: bool) -> HttpResponseBuilder {
        let mut builder = HttpResponse::Ok();
        builder.content_type(self.response_type.content_type());
        // The language fields without a `lang` argument were written in.
        builder.insert_header((header::CONTENT_LANGUAGE, self.language.code()));
        if self.get {
            self.cache(&mut builder, state, ok);
        }
        builder
    }

    /// GET answers may be kept by HTTP caches only when anyone could have read them, and
    /// carry their tag then; an answer with errors is neither tagged nor kept.
    fn cache(&self, builder: &mut HttpResponseBuilder, state: &AppState, ok: bool) {
        builder.insert_header((header::VARY, "Accept, Accept-Language, Authorization"));
        let value = if self.viewer == Viewer::PUBLIC && ok && state.public_max_age > 0 {
            format!("public, max-age={}", state.public_max_age)
        } else if self.viewer == Viewer::PUBLIC {
            "no-cache".to_owned()
        } else {
            "private, no-store".to_owned()
        };
        builder.insert_header((header::CACHE_CONTROL, value));
        if let (true, Some(tag)) = (ok, &self.tag) {
            builder.insert_header(ETag(tag.clone()));
        }
    }
}

/// The credential of a request: its one `Authorization` header, if any. Two headers are
/// refused (a proxy checking one and daleel the other would disagree on who is asking),
/// and so is a key in the URL, where proxies, browsers and logs keep it.
pub(crate) fn credential(req: &HttpRequest) -> Result<Option<&str>, Rejection> {
    let mut headers = req.headers().get_all(header::AUTHORIZATION);
    let first = headers.next();
    if headers.next().is_some() {
        return Err(Rejection::new(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "send one Authorization header, not several",
        ));
    }
    if let Some(name) = params::credential_in_url(req.query_string()) {
        return Err(Rejection::new(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            format!(
                "the URL carries a key (`{name}`); keys are accepted only in the Authorization header (`Bearer <key>`), never in a URL, which proxies and logs keep"
            ),
        ));
    }
    match first {
        None => Ok(None),
        Some(value) => value.to_str().map(Some).map_err(|_| {
            let mut rejection = Rejection::new(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "the Authorization header must be `Bearer <API key>`; omit it to read as the public",
            );
            rejection.headers.push((header::WWW_AUTHENTICATE, "Bearer"));
            rejection
        }),
    }
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

pub(crate) fn errors_body(message: &str, code: &str) -> String {
    json!({ "errors": [{ "message": message, "extensions": { "code": code } }] }).to_string()
}

fn accepts_html(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}
