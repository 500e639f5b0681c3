//! One request pipeline, whatever the transport. An operation over HTTP (POST or GET)
//! and one over WebSocket go through the same steps: who is asking ([`authenticate`],
//! one function for a header and a `connection_init` alike), the rate limit ([`charge`]),
//! admission (documents, limits), the per-operation data (the database it runs on —
//! replica or primary —, a fresh loader, the caller) ([`prepare`]), execution under the
//! request timeout ([`execute`]), and the answer, written in query order and within the
//! response size limit ([`answer_json`]).

use std::net::IpAddr;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ErrorExtensionValues, Request, Response, ServerError, Variables};
use serde_json::Value;

use crate::graphql::context::RequestState;
use crate::graphql::loaders::data_loader;
use crate::graphql::ordering::{Written, response_json};
use crate::http::AppState;
use crate::http::admission::{Admitted, admit};
use crate::http::metrics::OperationKind;
use crate::http::params::Params;
use crate::http::persisted::{Refusal, RefusalKind};
use crate::http::rate_limit::Client;
use crate::i18n::Language;
use crate::service::access::Viewer;
use crate::service::keys;

/// An operation refused before or while it ran: the HTTP status it is answered with
/// (a WebSocket answers with the code and message alone), its code, what to do.
#[derive(Debug)]
pub struct Rejection {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub headers: Vec<(HeaderName, &'static str)>,
    pub retry_after: Option<u64>,
}

impl Rejection {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Rejection {
        Rejection {
            status,
            code: code.to_owned(),
            message: message.into(),
            headers: Vec::new(),
            retry_after: None,
        }
    }

    /// A refusal of admission, with the status its kind has over HTTP (`request_error`:
    /// the status of a request error for the answer's media type).
    pub fn from_refusal(refusal: Refusal, request_error: StatusCode) -> Rejection {
        let status = match refusal.kind {
            RefusalKind::Malformed => StatusCode::BAD_REQUEST,
            RefusalKind::RequestError => request_error,
            RefusalKind::Forbidden => StatusCode::FORBIDDEN,
        };
        Rejection::new(status, refusal.code, refusal.message)
    }
}

/// Who is asking, from the credential presented: the `Authorization` header over HTTP,
/// the `authorization` field of `connection_init` over WebSocket. None: the public
/// reader. `Bearer <key>` with a valid key: the key's role. Anything else is refused —
/// never a silent fallback to public — with one message for unknown, revoked and
/// mistyped keys, so there is no oracle for guessing.
pub async fn authenticate(state: &AppState, credential: Option<&str>) -> Result<Viewer, Rejection> {
    let Some(credential) = credential else {
        return Ok(Viewer::PUBLIC);
    };
    let refused = |message: &str| {
        let mut rejection = Rejection::new(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", message);
        rejection.headers.push((header::WWW_AUTHENTICATE, "Bearer"));
        rejection
    };
    let Some(key) = credential.strip_prefix("Bearer ").map(str::trim) else {
        return Err(refused(
            "the Authorization header must be `Bearer <API key>`; omit it to read as the public",
        ));
    };
    match keys::authenticate(&state.db, key).await {
        Ok(Ok(viewer)) => Ok(viewer),
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

/// Whether the key of `viewer` still stands (it may have been revoked since a WebSocket
/// was opened with it): `None` when it cannot be checked now (the database is away), for
/// the caller to decide how long to wait. The public reader always stands.
pub async fn key_standing(state: &AppState, viewer: Viewer) -> Option<bool> {
    match viewer.key {
        None => Some(true),
        Some(key) => keys::is_active(&state.db, key).await.ok(),
    }
}

/// [`authenticate`], with a failed attempt charged to the client's address: keys cannot
/// be guessed faster than the public may read, whatever the route.
pub async fn authenticate_charged(
    state: &AppState,
    req: &actix_web::HttpRequest,
    credential: Option<&str>,
) -> Result<Viewer, Rejection> {
    match authenticate(state, credential).await {
        Ok(viewer) => Ok(viewer),
        Err(rejection) => {
            charge(state, state.rate_limits.address_of(req), Viewer::PUBLIC)?;
            Err(rejection)
        }
    }
}

/// Takes a token from the bucket of the caller: its key, or its address without one
/// (the public, and every attempt with a bad key).
pub fn charge(state: &AppState, address: Option<IpAddr>, viewer: Viewer) -> Result<(), Rejection> {
    let client = match (viewer.key, address) {
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

/// An operation ready to run, with everything it needs attached.
pub struct Prepared {
    pub request: Request,
    pub document: ExecutableDocument,
    pub kind: OperationKind,
    pub operation_name: Option<String>,
    pub viewer: Viewer,
}

/// Admits the operation `params` names and attaches its per-operation data: the pool it
/// runs on (queries may go to the read replica; a mutation, and all it reads back, to
/// the primary), a fresh loader as `viewer`, the caller, and the language it reads in.
pub fn prepare(
    state: &AppState,
    viewer: Viewer,
    language: Language,
    params: Params,
) -> Result<Prepared, Refusal> {
    let Admitted {
        query,
        document,
        kind,
    } = admit(state, &params)?;
    let mut request = Request::new(query.as_ref())
        .variables(Variables::from_json(Value::Object(params.variables)));
    if let Some(name) = &params.operation_name {
        request = request.operation_name(name.clone());
    }
    // Parsed once, in admission; execution reuses the document.
    request.set_parsed_query(document.clone());
    let db = state.db_for(kind, viewer);
    let request = request
        .data(data_loader(db.clone(), viewer))
        .data(RequestState {
            db,
            viewer,
            max_page_size: state.max_page_size,
            language,
        })
        .data(state.changes.clone())
        .data(state.metrics.clone());
    Ok(Prepared {
        request,
        document,
        kind,
        operation_name: params.operation_name,
        viewer,
    })
}

/// Runs a query or a mutation under the request timeout.
pub async fn execute(
    state: &AppState,
    request: Request,
    kind: OperationKind,
    viewer: Viewer,
) -> Result<Response, Rejection> {
    // Waiting for a turn counts against the request's timeout, as running does.
    let run = async {
        // Held while the operation runs; given back when it ends or is cancelled.
        let _turn = state.queue.turn().await.map_err(|full| {
            let mut rejection = Rejection::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "BUSY",
                format!(
                    "the server has {} requests waiting for the database already; retry after 1 s",
                    full.waiting
                ),
            );
            rejection.retry_after = Some(1);
            rejection
        })?;
        // The operation's span (OpenTelemetry's GraphQL conventions): its type and
        // name, never its document or variables.
        let name = request.operation_name.clone().unwrap_or_default();
        let span = tracing::info_span!(
            "graphql",
            otel.name = %format!("{} {name}", kind.as_str()).trim_end(),
            graphql.operation.type = kind.as_str(),
            graphql.operation.name = %name,
        );
        Ok::<_, Rejection>(
            tracing::Instrument::instrument(state.schema.execute(request), span).await,
        )
    };
    let Ok(response) = tokio::time::timeout(state.request_timeout, run).await else {
        return Err(Rejection::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "TIMEOUT",
            format!(
                "the request ran longer than {} s and was stopped; ask for less (smaller pages, fewer fields)",
                state.request_timeout.as_secs()
            ),
        ));
    };
    let response = crate::graphql::federation_sdl::in_response(response?);
    if kind == OperationKind::Mutation {
        // The writer's next queries read the primary for a while (read your writes).
        state.databases.wrote(viewer);
    }
    Ok(response)
}

/// The answer as JSON: nulls where failed fields put them, fields in query order, at
/// most `--max-response-bytes` long.
pub fn answer_json(
    state: &AppState,
    document: &ExecutableDocument,
    operation_name: Option<&str>,
    response: &mut Response,
) -> Result<Vec<u8>, Rejection> {
    if !response.errors.is_empty() {
        state
            .field_types
            .propagate(document, operation_name, response);
    }
    match response_json(document, operation_name, response, state.max_response_bytes) {
        Ok(body) => Ok(body),
        Err(Written::TooLarge) => Err(Rejection::new(
            StatusCode::OK,
            "RESPONSE_TOO_LARGE",
            format!(
                "the answer would be larger than {} bytes; ask for less (smaller pages, fewer fields or aliases)",
                state.max_response_bytes
            ),
        )),
        Err(Written::Json(err)) => {
            tracing::error!(error = %err, "the answer could not be written as JSON");
            Err(Rejection::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "the answer could not be written as JSON",
            ))
        }
    }
}

/// Errors raised before execution began (syntax, validation, variables) leave no
/// `data` and no path: the request as a whole was refused.
pub fn is_request_error(response: &Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty())
}

/// Gives every error a `code`: resolver errors already carry one; errors without a
/// path happened before execution (validation), the rest are bad arguments.
pub fn add_error_codes(response: &mut Response) {
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

pub fn error_codes(response: &Response) -> Vec<String> {
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
