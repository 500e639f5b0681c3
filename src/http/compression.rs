//! Compression only where it pays: `middleware::Compress` gzips what the client accepts,
//! but a body under a kilobyte gains nothing (it fits one packet either way) and costs
//! a little CPU, so small responses go out as they are.
//!
//! `Compress` leaves alone any response that already has a `Content-Encoding`, and has
//! no size threshold of its own, so `mark_small` (inside it) marks small bodies with
//! `identity` and `unmark_small` (outside it) removes the marker before it is sent.

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_ENCODING, HeaderValue};
use actix_web::middleware::Next;

/// Bodies smaller than this are sent uncompressed.
const MIN_COMPRESSED_SIZE: u64 = 1024;

pub async fn mark_small(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let small =
        matches!(res.response().body().size(), BodySize::Sized(n) if n < MIN_COMPRESSED_SIZE);
    if small && !res.headers().contains_key(CONTENT_ENCODING) {
        res.headers_mut()
            .insert(CONTENT_ENCODING, HeaderValue::from_static("identity"));
    }
    Ok(res)
}

pub async fn unmark_small(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    if res
        .headers()
        .get(CONTENT_ENCODING)
        .is_some_and(|v| v == "identity")
    {
        res.headers_mut().remove(CONTENT_ENCODING);
    }
    Ok(res)
}
