//! Cross-origin access for browser dashboards on other origins.
//!
//! Closed by default: with no `--cors-origin`, no response carries CORS headers, so
//! browsers keep other sites out. Configured origins may GET and POST with a JSON body
//! and an API key; credentials (cookies, HTTP auth) are never allowed, because keys
//! travel in the `Authorization` header, which needs no credentialed CORS.

use actix_cors::Cors;
use actix_web::http::{Method, Uri, header};
use actix_web::middleware::Condition;

/// The origins a browser may call from, checked once at start-up.
#[derive(Debug, Clone, Default)]
pub enum AllowedOrigins {
    /// Same origin only (the default).
    #[default]
    None,
    /// Any origin (`*`): for a public read-only deployment.
    Any,
    /// Exactly these origins, as `scheme://host[:port]`.
    Some(Vec<String>),
}

#[derive(Debug, thiserror::Error)]
#[error(
    "--cors-origin {origin:?} is not an origin; write scheme://host[:port] (e.g. https://dashboard.example.org) or *"
)]
pub struct OriginError {
    pub origin: String,
}

/// How long browsers may cache a preflight answer.
const PREFLIGHT_MAX_AGE_SECONDS: usize = 3600;

impl AllowedOrigins {
    pub fn parse(origins: &[String]) -> Result<Self, OriginError> {
        let origins: Vec<&str> = origins
            .iter()
            .map(|o| o.trim())
            .filter(|o| !o.is_empty())
            .collect();
        if origins.is_empty() {
            return Ok(AllowedOrigins::None);
        }
        if origins.contains(&"*") {
            return Ok(AllowedOrigins::Any);
        }
        let mut valid = Vec::with_capacity(origins.len());
        for origin in origins {
            // Browsers send the origin without a trailing slash; accept one in settings.
            let origin = origin.strip_suffix('/').unwrap_or(origin);
            if !is_origin(origin) {
                return Err(OriginError {
                    origin: origin.to_owned(),
                });
            }
            valid.push(origin.to_owned());
        }
        Ok(AllowedOrigins::Some(valid))
    }

    /// The middleware for one worker; switched off entirely when no origin is allowed,
    /// so same-origin deployments send no CORS headers at all.
    pub fn middleware(&self) -> Condition<Cors> {
        Condition::new(!matches!(self, AllowedOrigins::None), self.cors())
    }

    fn cors(&self) -> Cors {
        let cors = Cors::default()
            .allowed_methods([Method::GET, Method::POST])
            .allowed_headers([header::CONTENT_TYPE, header::AUTHORIZATION, header::ACCEPT])
            .expose_headers([header::HeaderName::from_static("x-request-id")])
            .max_age(PREFLIGHT_MAX_AGE_SECONDS);
        // `Cors::default()` never sets Access-Control-Allow-Credentials; nothing here
        // turns it on, so `*` can never be combined with credentials.
        match self {
            AllowedOrigins::None => cors,
            AllowedOrigins::Any => cors.allow_any_origin().send_wildcard(),
            AllowedOrigins::Some(origins) => origins
                .iter()
                .fold(cors, |cors, origin| cors.allowed_origin(origin)),
        }
    }
}

/// `scheme://host[:port]` with an http(s) scheme and nothing after the authority.
fn is_origin(text: &str) -> bool {
    let Some((scheme, authority)) = text.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !authority.is_empty()
        && !authority.contains(['/', '?', '#', '@'])
        && text.parse::<Uri>().is_ok_and(|uri| uri.host().is_some())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn parse(origins: &[&str]) -> Result<AllowedOrigins, OriginError> {
        AllowedOrigins::parse(&origins.iter().map(|o| o.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn origins_are_checked_at_start_up() {
        assert!(matches!(parse(&[]).unwrap(), AllowedOrigins::None));
        assert!(matches!(parse(&["*"]).unwrap(), AllowedOrigins::Any));
        let AllowedOrigins::Some(ok) =
            parse(&["https://dash.example.org/", "http://127.0.0.1:3000"]).unwrap()
        else {
            panic!("expected a list");
        };
        assert_eq!(ok, ["https://dash.example.org", "http://127.0.0.1:3000"]);
        for bad in [
            "dash.example.org",
            "ftp://example.org",
            "https://example.org/path",
            "https://example.org?x=1",
            "https://user@example.org",
        ] {
            assert!(parse(&[bad]).is_err(), "{bad} was accepted");
        }
    }
}
