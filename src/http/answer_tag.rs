//! What names a public answer for HTTP caches: its `ETag`, made from the data version
//! (`service::data_version`) and everything else the answer depends on (the document,
//! its variables, the operation, the language, the response type, and this server's
//! schema and settings). Two requests with the same tag get the same answer; any write
//! gives every answer a new tag. The tag is computed before the query runs, so a
//! matching `If-None-Match` is answered `304` after one read of the version and no
//! other.

use actix_web::HttpRequest;
use actix_web::http::header::{self, EntityTag, Header as _, IfNoneMatch};
use async_graphql::Request;
use serde_json::json;

use crate::http::negotiate::ResponseType;
use crate::i18n::Language;
use crate::service::keys::sha256_hex;

/// The tag of the answer `request` gets at data version `version`. `server` stands for
/// what of this server shapes answers (`server_fingerprint`).
pub fn answer_tag(
    server: &str,
    version: i64,
    request: &Request,
    language: Language,
    response_type: ResponseType,
) -> EntityTag {
    let parts = json!({
        "server": server,
        "version": version,
        "query": request.query,
        "operation": request.operation_name,
        "variables": request.variables,
        "language": language.code(),
        "type": response_type.content_type(),
    });
    // Weak: the same answer may be sent compressed or not.
    EntityTag::new_weak(sha256_hex(&parts.to_string())[..32].to_owned())
}

/// What of a server shapes its answers besides the data: its release, its schema and
/// its page-size cap. Servers built alike and set up alike share their tags.
pub fn server_fingerprint(sdl: &str, max_page_size: u32) -> String {
    sha256_hex(&format!(
        "{}\n{max_page_size}\n{sdl}",
        env!("CARGO_PKG_VERSION")
    ))
}

/// Whether the client already holds the answer tagged `tag` (`If-None-Match`).
pub fn client_holds(req: &HttpRequest, tag: &EntityTag) -> bool {
    req.headers().contains_key(header::IF_NONE_MATCH)
        && match IfNoneMatch::parse(req) {
            Ok(IfNoneMatch::Any) => true,
            Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|held| held.weak_eq(tag)),
            Err(_) => false,
        }
}
