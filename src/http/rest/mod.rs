//! REST endpoints from named documents: each named query of `--rest-documents` (or of
//! the trusted documents) at `GET /api/{operationName}`, its variables from the query
//! string, answered by the same pipeline as `/graphql` (roles, visibility, limits, rate
//! limits, caching): the same JSON, or its main list as CSV (`Accept: text/csv`, or
//! `/api/{operationName}.csv`). `GET /api/openapi.json` describes them.

mod openapi;
pub mod operations;
mod table;
mod variables;

use actix_web::body::MessageBody;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::{StreamExt, stream};
use serde_json::Value;

use crate::http::AppState;
use crate::http::graphql::{errors_body, serve_as};
use crate::http::negotiate::ResponseType;
use crate::http::params::Params;
pub use operations::Operations;

/// Rows sent per chunk of a CSV answer.
const ROWS_PER_CHUNK: usize = 500;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/openapi.json", web::get().to(openapi))
        .route("/api/{name}", web::get().to(endpoint));
}

async fn openapi(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .json(openapi::document(&state.rest))
}

fn refused(status: StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(ResponseType::Json.content_type())
        .body(errors_body(message, code))
}

/// Whether the client asks for CSV rather than JSON.
fn accepts_csv(req: &HttpRequest) -> bool {
    req.headers()
        .get_all(header::ACCEPT)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next()
        .is_some_and(|first| first.trim().to_ascii_lowercase().starts_with("text/csv"))
}

async fn endpoint(
    state: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
) -> HttpResponse {
    let name = name.into_inner();
    let (name, csv_path) = match name.strip_suffix(".csv") {
        Some(stem) => (stem.to_owned(), true),
        None => (name, false),
    };
    let Some(operation) = state.rest.get(&name) else {
        let known: Vec<&str> = state.rest.iter().map(|o| o.name.as_str()).collect();
        let message = if known.is_empty() {
            "no REST endpoints are served: start daleel with --rest-documents FILE".to_owned()
        } else {
            format!(
                "no endpoint `{name}`; these are served: {}",
                known.join(", ")
            )
        };
        return refused(StatusCode::NOT_FOUND, "NOT_FOUND", &message);
    };
    let pairs = match web::Query::<Vec<(String, String)>>::from_query(req.query_string()) {
        Ok(pairs) => pairs.into_inner(),
        Err(err) => {
            let message = format!("the query string cannot be read ({err})");
            return refused(StatusCode::BAD_REQUEST, "BAD_USER_INPUT", &message);
        }
    };
    let variables = match variables::from_pairs(operation, &pairs) {
        Ok(variables) => variables,
        Err(message) => return refused(StatusCode::BAD_REQUEST, "BAD_USER_INPUT", &message),
    };
    let bom = pairs
        .iter()
        .any(|(k, v)| k == "bom" && matches!(v.as_str(), "true" | "1"));
    let params = Params {
        query: Some(operation.document.to_string()),
        operation_name: Some(operation.name.clone()),
        variables,
        ..Params::default()
    };
    // JSON either way: the CSV is made from the JSON answer.
    let answer = serve_as(&state, &req, Ok(params), ResponseType::Json).await;
    if csv_path || accepts_csv(&req) {
        as_csv(&req, answer, &operation.name, bom).await
    } else {
        answer
    }
}

/// The tag of the CSV made from the JSON answer tagged `json`.
fn csv_tag(json: &str) -> String {
    format!(
        "\"{}-csv\"",
        json.trim_start_matches("W/").trim_matches('"')
    )
}

/// The JSON answer `answer` as CSV of its main list; a refusal, an answer with errors
/// and a `304` are passed on as they are.
async fn as_csv(req: &HttpRequest, answer: HttpResponse, name: &str, bom: bool) -> HttpResponse {
    if answer.status() != StatusCode::OK {
        return answer;
    }
    let headers = answer.headers().clone();
    let Ok(body) = answer.into_body().try_into_bytes() else {
        return refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            "the answer could not be read back for CSV",
        );
    };
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if json.get("errors").is_some() {
        let mut response = HttpResponse::Ok();
        for (name, value) in headers.iter() {
            response.insert_header((name.clone(), value.clone()));
        }
        return response.body(body);
    }
    let Some((_, items)) = table::main_list(&json["data"]) else {
        return refused(
            StatusCode::NOT_ACCEPTABLE,
            "NOT_ACCEPTABLE",
            "this operation's answer has no list to write as CSV; ask for JSON",
        );
    };
    let (columns, rows) = table::table(items);
    let mut response = HttpResponse::Ok();
    for (header_name, value) in headers.iter() {
        if header_name != header::CONTENT_TYPE && header_name != header::ETAG {
            response.insert_header((header_name.clone(), value.clone()));
        }
    }
    if let Some(tag) = headers.get(header::ETAG).and_then(|t| t.to_str().ok()) {
        let tag = csv_tag(tag);
        let held = req
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim() == tag));
        response.insert_header((header::ETAG, tag));
        if held {
            return response.status(StatusCode::NOT_MODIFIED).finish();
        }
    }
    response
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((header::VARY, "Accept"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{name}.csv\""),
        ));
    // The header row first, then the rows a chunk at a time: a long list is written
    // as it is sent, never held whole as text.
    let mut head = if bom {
        "\u{feff}".as_bytes().to_vec()
    } else {
        Vec::new()
    };
    match table::csv_of(&[columns]) {
        Ok(text) => head.extend(text),
        Err(_) => {
            return refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "the CSV could not be written",
            );
        }
    }
    let rows = std::sync::Arc::new(rows);
    let chunks = rows.len().div_ceil(ROWS_PER_CHUNK);
    let body = stream::iter(0..chunks).map(move |n| {
        let end = ((n + 1) * ROWS_PER_CHUNK).min(rows.len());
        table::csv_of(&rows[n * ROWS_PER_CHUNK..end])
            .map(web::Bytes::from)
            .map_err(std::io::Error::other)
    });
    let head = stream::once(async move { Ok::<_, std::io::Error>(web::Bytes::from(head)) });
    response.streaming(head.chain(body))
}
