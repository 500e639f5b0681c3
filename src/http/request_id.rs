//! Gives every request an id, returns it in `x-request-id`, and logs one line per
//! request with it. Only the path is logged: query strings may carry names.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;
use uuid::Uuid;

pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = Uuid::new_v4();
    let method = req.method().clone();
    let path = req.path().to_owned();
    // The route's pattern (`/evidence/{sha256}`), never the path: a path can hold a
    // hash or a name.
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        otel.name = %format!("{method} {route}"),
        otel.kind = "server",
        http.request.method = %method,
        http.route = %route,
        http.response.status_code = tracing::field::Empty,
    );
    crate::telemetry::continue_trace(&span, req.headers());
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let _entered = span.enter();
    match result {
        Ok(mut res) => {
            span.record("http.response.status_code", res.status().as_u16());
            tracing::info!(%method, %path, status = res.status().as_u16(),
                elapsed_ms = started.elapsed().as_millis() as u64, "request");
            if let Ok(value) = HeaderValue::from_str(&id.to_string()) {
                res.headers_mut()
                    .insert(HeaderName::from_static("x-request-id"), value);
            }
            Ok(res)
        }
        Err(err) => {
            tracing::warn!(%method, %path, elapsed_ms = started.elapsed().as_millis() as u64, "request failed");
            Err(err)
        }
    }
}
