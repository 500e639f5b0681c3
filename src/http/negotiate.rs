//! Content negotiation for GraphQL over HTTP: which media type the answer is written
//! in (from `Accept`), whether a POST body is one we read (from `Content-Type`), and the
//! language fields are written in (from `Accept-Language`).

use actix_web::HttpRequest;
use actix_web::http::header::{self, AcceptLanguage, Header as _, Preference, Quality};

use crate::i18n::Language;

/// The media types daleel answers GraphQL requests in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    /// `application/graphql-response+json`: status codes say whether the request was
    /// well-formed and valid (400 for a document that does not parse or validate).
    GraphqlResponse,
    /// `application/json`: the legacy type, where any well-formed request is a 200.
    Json,
}

impl ResponseType {
    pub fn content_type(self) -> &'static str {
        match self {
            ResponseType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            ResponseType::Json => "application/json; charset=utf-8",
        }
    }
}

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// The media type to answer in, or `None` when the client accepts neither (406).
/// No `Accept` header means `application/json`, as the specification asks; among
/// equally weighted types `application/graphql-response+json` wins.
pub fn response_type(req: &HttpRequest) -> Option<ResponseType> {
    let accept: Vec<&str> = req
        .headers()
        .get_all(header::ACCEPT)
        .filter_map(|value| value.to_str().ok())
        .collect();
    if accept.is_empty() {
        return Some(ResponseType::Json);
    }
    let mut best: Option<(f32, ResponseType)> = None;
    for range in accept.iter().flat_map(|value| value.split(',')) {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let mut quality = 1.0_f32;
        for param in parts {
            if let Some((name, value)) = param.split_once('=')
                && name.trim().eq_ignore_ascii_case("q")
            {
                quality = value.trim().parse().unwrap_or(0.0);
            }
        }
        let candidate = match media.as_str() {
            GRAPHQL_RESPONSE => ResponseType::GraphqlResponse,
            JSON | "application/*" | "*/*" => ResponseType::Json,
            _ => continue,
        };
        if quality <= 0.0 {
            continue;
        }
        let better = match best {
            None => true,
            Some((q, current)) => {
                quality > q
                    || (quality == q
                        && candidate == ResponseType::GraphqlResponse
                        && current != ResponseType::GraphqlResponse)
            }
        };
        if better {
            best = Some((quality, candidate));
        }
    }
    best.map(|(_, kind)| kind)
}

/// Why a POST body's declared type is refused, as a message that says what to send.
pub fn check_request_type(req: &HttpRequest) -> Result<(), String> {
    let Some(value) = req.headers().get(header::CONTENT_TYPE) else {
        return Err(
            "the request has no Content-Type; send `Content-Type: application/json`".into(),
        );
    };
    let value = value.to_str().unwrap_or_default().to_ascii_lowercase();
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or_default().trim();
    if media != JSON {
        return Err(format!(
            "the request body type `{media}` is not supported; send `Content-Type: application/json`"
        ));
    }
    for param in parts {
        if let Some((name, charset)) = param.split_once('=')
            && name.trim() == "charset"
            && !charset
                .trim()
                .trim_matches('"')
                .eq_ignore_ascii_case("utf-8")
        {
            return Err(format!(
                "the request body charset `{}` is not supported; send UTF-8",
                charset.trim()
            ));
        }
    }
    Ok(())
}

/// The language a request reads in, from `Accept-Language`: the supported language with
/// the highest weight (`ar-SY` and `ar` are Arabic; ties go to the one listed first; `q=0`
/// refuses one), else English. A header that does not parse is read as absent, so a
/// client's odd header never costs it the answer.
pub fn language(req: &HttpRequest) -> Language {
    let Ok(AcceptLanguage(items)) = AcceptLanguage::parse(req) else {
        return Language::default();
    };
    let mut best: Option<(Quality, Language)> = None;
    for item in items {
        let Preference::Specific(tag) = &item.item else {
            continue;
        };
        let Some(language) = Language::from_tag(tag.primary_language()) else {
            continue;
        };
        if item.quality > Quality::ZERO && best.is_none_or(|(q, _)| item.quality > q) {
            best = Some((item.quality, language));
        }
    }
    best.map(|(_, language)| language).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn accepting(accept: &str) -> Option<ResponseType> {
        response_type(
            &TestRequest::default()
                .insert_header(("accept", accept))
                .to_http_request(),
        )
    }

    #[test]
    fn the_accept_header_picks_the_response_type() {
        assert_eq!(
            response_type(&TestRequest::default().to_http_request()),
            Some(ResponseType::Json)
        );
        assert_eq!(accepting("application/json"), Some(ResponseType::Json));
        assert_eq!(accepting("*/*"), Some(ResponseType::Json));
        assert_eq!(
            accepting("application/graphql-response+json, application/json;q=0.9"),
            Some(ResponseType::GraphqlResponse)
        );
        assert_eq!(
            accepting("application/json, application/graphql-response+json"),
            Some(ResponseType::GraphqlResponse)
        );
        assert_eq!(
            accepting("application/graphql-response+json;q=0.5, application/json"),
            Some(ResponseType::Json)
        );
        assert_eq!(accepting("text/plain"), None);
        assert_eq!(accepting("application/json;q=0"), None);
    }

    #[test]
    fn only_utf8_json_bodies_are_read() {
        let with = |value: &str| {
            check_request_type(
                &TestRequest::default()
                    .insert_header(("content-type", value))
                    .to_http_request(),
            )
        };
        assert!(with("application/json").is_ok());
        assert!(with("application/json; charset=utf-8").is_ok());
        assert!(with("Application/JSON; charset=UTF-8").is_ok());
        assert!(with("application/json; charset=latin1").is_err());
        assert!(with("text/plain").is_err());
        assert!(check_request_type(&TestRequest::default().to_http_request()).is_err());
    }

    fn language_of(header: &str) -> Language {
        let req = actix_web::test::TestRequest::default()
            .insert_header((header::ACCEPT_LANGUAGE, header))
            .to_http_request();
        language(&req)
    }

    #[test]
    fn the_language_is_the_best_weighted_one_daleel_writes() {
        assert_eq!(language_of("ar"), Language::Ar);
        assert_eq!(language_of("ar-SY,ar;q=0.9,en;q=0.8"), Language::Ar);
        assert_eq!(language_of("en-US,en;q=0.9,ar;q=0.8"), Language::En);
        assert_eq!(
            language_of("fr-FR,fr;q=0.9,ar;q=0.5,en;q=0.4"),
            Language::Ar
        );
        assert_eq!(language_of("en;q=0.5,ar;q=0.7"), Language::Ar);
        assert_eq!(language_of("ar;q=0,en;q=0.1"), Language::En);
        assert_eq!(language_of("fr, de"), Language::En);
        assert_eq!(language_of("*"), Language::En);
        assert_eq!(language_of(";;;q=x"), Language::En);
        let none = actix_web::test::TestRequest::default().to_http_request();
        assert_eq!(language(&none), Language::En);
    }
}
