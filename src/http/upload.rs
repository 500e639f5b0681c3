//! Uploads: a `multipart/form-data` POST to `/graphql` (the GraphQL multipart request
//! spec) carries a mutation and its file (`addCapture`). Only editors and admins may
//! send one, and they are known before the body is read; the file is streamed to a
//! temporary file as it arrives (async-graphql's `tempfile`), refused as soon as it
//! passes `--max-upload-bytes`, and never held whole in memory. The operation then runs
//! through the same pipeline as any other.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::ParseRequestError;
use async_graphql::http::MultipartOptions;
use futures_util::{StreamExt, TryStreamExt};

use crate::http::AppState;
use crate::http::graphql::{credential, respond, serve_with_uploads};
use crate::http::negotiate::{self, ResponseType};
use crate::http::params::Params;
use crate::http::pipeline::{self, Rejection};
use crate::service::access::Role;

/// Whether the request is a multipart upload.
pub fn is_multipart(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

pub async fn post(state: &AppState, req: &HttpRequest, payload: web::Payload) -> HttpResponse {
    let response_type = negotiate::response_type(req).unwrap_or(ResponseType::Json);
    match receive(state, req, payload).await {
        Ok((params, uploads)) => serve_with_uploads(state, req, Ok(params), uploads).await,
        Err(rejection) => respond(rejection, response_type),
    }
}

async fn receive(
    state: &AppState,
    req: &HttpRequest,
    mut payload: web::Payload,
) -> Result<(Params, Vec<async_graphql::UploadValue>), Rejection> {
    // Charged once the operation runs, as any request (`graphql::answer`).
    let viewer = pipeline::authenticate_charged(state, req, credential(req)?).await?;
    if !matches!(viewer.role, Role::Editor | Role::Admin) {
        return Err(Rejection::new(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "uploads are for editors and admins; send the request with such a key",
        ));
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // The body is read on this worker and handed over in chunks: what parses it may run
    // elsewhere.
    let (sender, receiver) = tokio::sync::mpsc::channel::<std::io::Result<bytes::Bytes>>(8);
    actix_web::rt::spawn(async move {
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| std::io::Error::other(e.to_string()));
            if sender.send(chunk).await.is_err() {
                break;
            }
        }
    });
    let body = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    })
    .into_async_read();
    let limit = usize::try_from(state.max_upload_bytes).unwrap_or(usize::MAX);
    let options = MultipartOptions::default()
        .max_file_size(limit)
        .max_num_files(1);
    let request = async_graphql::http::receive_body(Some(content_type), body, options)
        .await
        .map_err(|e| refused(e, state.max_upload_bytes))?;
    let variables = match serde_json::to_value(&request.variables) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let params = Params {
        query: Some(request.query.clone()),
        operation_name: request.operation_name.clone(),
        variables,
        extensions: serde_json::Map::new(),
        document_id: None,
    };
    Ok((params, request.uploads))
}

fn refused(error: ParseRequestError, limit: u64) -> Rejection {
    match error {
        ParseRequestError::PayloadTooLarge => Rejection::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!(
                "the file is larger than this server accepts ({limit} bytes, `--max-upload-bytes`)"
            ),
        ),
        other => Rejection::new(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            format!(
                "the upload is not a GraphQL multipart request (fields `operations`, `map`, then one file): {other}"
            ),
        ),
    }
}
