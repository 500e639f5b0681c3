//! GraphiQL for analysts, opened with the example dashboard query.
//!
//! The page always loads its scripts and styles from `playground/assets/<file>` on this
//! server (a relative URL, so it also works behind a path prefix). With
//! `--playground-assets DIR` those files come from DIR, so an instance without internet
//! access serves a working playground; without it, the same URLs redirect to the pinned
//! versions on unpkg. The page itself is therefore the same for every configuration.

use std::path::{Path, PathBuf};

use actix_web::http::header::{self, CacheControl, CacheDirective, ETag, EntityTag};
use actix_web::web::{self, Bytes, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use crate::http::AppState;

/// The nested query a newcomer sees first (also the README's example).
pub const EXAMPLE_QUERY: &str = include_str!("example_query.graphql");

const TEMPLATE: &str = include_str!("playground.html");

/// The files the page needs: the name served and looked for in DIR, the content type,
/// and where the pinned version lives on the CDN.
const FILES: [(&str, &str, &str); 4] = [
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        "https://unpkg.com/graphiql@3.8.3/graphiql.min.css",
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        "https://unpkg.com/react@18.3.1/umd/react.production.min.js",
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        "https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js",
    ),
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        "https://unpkg.com/graphiql@3.8.3/graphiql.min.js",
    ),
];

/// Browsers keep an asset this long before asking again (and then get a 304 while it
/// has not changed), so a new DIR is picked up within the hour.
const MAX_AGE_SECONDS: u32 = 3600;

/// The page's Content-Security-Policy: its own inline script by hash, the assets from
/// this server (or unpkg.com, where the asset URLs redirect without local assets),
/// requests to this server only. GraphiQL sets inline styles, hence `'unsafe-inline'`
/// for styles alone.
pub fn content_security_policy() -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let page = page();
    let script = page
        .split("<script>")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap_or_default();
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    format!(
        "default-src 'none'; script-src 'self' 'sha256-{hash}' https://unpkg.com; \
         style-src 'self' 'unsafe-inline' https://unpkg.com; font-src 'self' data: https://unpkg.com; \
         img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}

/// The playground page with the example query preloaded.
pub fn page() -> String {
    // A JSON string literal is a valid JavaScript string literal; `</` is escaped so the
    // query can never close the script element.
    let query = serde_json::Value::String(EXAMPLE_QUERY.to_owned())
        .to_string()
        .replace("</", "<\\/");
    TEMPLATE.replace("__EXAMPLE_QUERY__", &query)
}

/// The playground's files, read from `--playground-assets DIR` at start-up.
#[derive(Debug)]
pub struct PlaygroundAssets {
    files: Vec<Asset>,
}

#[derive(Debug)]
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: Bytes,
    etag: EntityTag,
}

#[derive(Debug, thiserror::Error)]
pub enum AssetsError {
    #[error(
        "the playground assets directory {dir} lacks {missing}; fill it with scripts/playground-assets.sh {dir} (see the README, \"Playground offline\")"
    )]
    Missing { dir: PathBuf, missing: String },
    #[error("cannot read the playground asset {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl PlaygroundAssets {
    /// Reads every required file from `dir`, naming all the missing ones at once.
    pub fn load(dir: &Path) -> Result<Self, AssetsError> {
        let missing: Vec<&str> = FILES
            .iter()
            .map(|(name, ..)| *name)
            .filter(|name| !dir.join(name).is_file())
            .collect();
        if !missing.is_empty() {
            return Err(AssetsError::Missing {
                dir: dir.to_owned(),
                missing: missing.join(", "),
            });
        }
        let mut files = Vec::with_capacity(FILES.len());
        for (name, content_type, _) in FILES {
            let path = dir.join(name);
            let body = std::fs::read(&path).map_err(|source| AssetsError::Read {
                path: path.clone(),
                source,
            })?;
            let digest = Sha256::digest(&body);
            let etag = EntityTag::new_strong(base64_url(&digest[..16]));
            files.push(Asset {
                name,
                content_type,
                body: Bytes::from(body),
                etag,
            });
        }
        Ok(PlaygroundAssets { files })
    }
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(web::resource("/playground/assets/{name}").route(web::get().to(asset)));
}

/// One of the known files; any other name is a 404, so nothing outside the list (and
/// nothing outside DIR) can ever be served.
async fn asset(
    state: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
) -> HttpResponse {
    let Some((name, _, cdn)) = FILES.iter().find(|(known, ..)| *known == name.as_str()) else {
        return HttpResponse::NotFound().finish();
    };
    let cache = CacheControl(vec![
        CacheDirective::Public,
        CacheDirective::MaxAge(MAX_AGE_SECONDS),
    ]);
    let Some(assets) = &state.playground_assets else {
        return HttpResponse::Found()
            .insert_header((header::LOCATION, *cdn))
            .insert_header(cache)
            .finish();
    };
    let Some(file) = assets.files.iter().find(|file| file.name == *name) else {
        return HttpResponse::NotFound().finish();
    };
    let unchanged = crate::http::answer_tag::client_holds(&req, &file.etag);
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header(ETag(file.etag.clone()))
        .insert_header(cache)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if unchanged {
        return response.finish();
    }
    response
        .content_type(file.content_type)
        .body(file.body.clone())
}
