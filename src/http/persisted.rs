//! Which document a request runs when it names one instead of (or besides) sending it:
//! Apollo's automatic persisted queries, or — with `--trusted-documents` — only the
//! operations an operator listed, for production deployments.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use lru::LruCache;
use serde_json::Value;

use crate::http::params::Params;
pub use crate::service::keys::sha256_hex;

/// How a request that cannot run is answered.
#[derive(Debug, PartialEq, Eq)]
pub enum RefusalKind {
    /// The parameters are malformed: 400 whatever the response type.
    Malformed,
    /// A GraphQL request error: 200 for `application/json`, 400 for
    /// `application/graphql-response+json`.
    RequestError,
    /// Refused by policy: 403.
    Forbidden,
}

#[derive(Debug)]
pub struct Refusal {
    pub kind: RefusalKind,
    pub code: &'static str,
    pub message: String,
}

impl Refusal {
    pub fn malformed(message: impl Into<String>) -> Refusal {
        Refusal {
            kind: RefusalKind::Malformed,
            code: "BAD_REQUEST",
            message: message.into(),
        }
    }
}

/// Where documents come from.
pub enum Documents {
    /// Any document runs; a hash-only request finds its text in a bounded cache that
    /// clients fill by sending the text with its hash once.
    Automatic(Mutex<LruCache<String, Arc<str>>>),
    /// Only these documents run, by id or by their exact text.
    Trusted(TrustedDocuments),
}

impl Documents {
    pub fn automatic(capacity: u32) -> Documents {
        let capacity = NonZeroUsize::new(capacity as usize).unwrap_or(NonZeroUsize::MIN);
        Documents::Automatic(Mutex::new(LruCache::new(capacity)))
    }

    /// The text of the document `params` asks to run.
    pub fn resolve(&self, params: &Params) -> Result<Arc<str>, Refusal> {
        let hash = params.persisted_query_hash().map_err(Refusal::malformed)?;
        match self {
            Documents::Automatic(cache) => automatic(cache, params, hash),
            Documents::Trusted(trusted) => trusted.resolve(params, hash),
        }
    }
}

/// A poisoned lock only means another request panicked mid-update of a cache entry;
/// the cache itself is still sound.
fn lock(cache: &Mutex<LruCache<String, Arc<str>>>) -> MutexGuard<'_, LruCache<String, Arc<str>>> {
    cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn automatic(
    cache: &Mutex<LruCache<String, Arc<str>>>,
    params: &Params,
    hash: Option<&str>,
) -> Result<Arc<str>, Refusal> {
    if params.document_id.is_some() {
        return Err(Refusal::malformed(
            "`documentId` is only accepted when the server runs trusted documents; send `query`",
        ));
    }
    match (&params.query, hash) {
        (Some(query), None) => Ok(Arc::from(query.as_str())),
        (Some(query), Some(hash)) => {
            let hash = hash.to_ascii_lowercase();
            if sha256_hex(query) != hash {
                return Err(Refusal {
                    kind: RefusalKind::Malformed,
                    code: "PERSISTED_QUERY_HASH_MISMATCH",
                    message: "extensions.persistedQuery.sha256Hash is not the SHA-256 of `query`"
                        .into(),
                });
            }
            let text: Arc<str> = Arc::from(query.as_str());
            lock(cache).put(hash, text.clone());
            Ok(text)
        }
        (None, Some(hash)) => lock(cache)
            .get(&hash.to_ascii_lowercase())
            .cloned()
            .ok_or_else(|| Refusal {
                kind: RefusalKind::RequestError,
                code: "PERSISTED_QUERY_NOT_FOUND",
                // Apollo clients look for this exact message, then resend with the text.
                message: "PersistedQueryNotFound".into(),
            }),
        (None, None) => Err(Refusal::malformed(
            "the request has no `query`; send the GraphQL document as `query`",
        )),
    }
}

/// The operations an operator allows, loaded once at start-up.
pub struct TrustedDocuments {
    by_id: HashMap<String, Arc<str>>,
    by_text_hash: HashMap<String, Arc<str>>,
}

impl TrustedDocuments {
    /// Reads a trusted-documents file: either an object from id to document text
    /// (Relay's format; ids are usually SHA-256 hashes) or Apollo's persisted query
    /// manifest (`{"format": "apollo-persisted-query-manifest", "operations": [{"id", "body"}]}`).
    /// Every document must parse; the error names the one that does not.
    pub fn load(path: &Path) -> Result<TrustedDocuments, String> {
        let mut trusted = TrustedDocuments {
            by_id: HashMap::new(),
            by_text_hash: HashMap::new(),
        };
        for (id, body) in read_documents(path)? {
            let (id, body) = (id.as_str(), body.as_str());
            async_graphql::parser::parse_query(body).map_err(|err| {
                format!(
                    "document `{id}` in {} does not parse: {err}",
                    path.display()
                )
            })?;
            let body: Arc<str> = Arc::from(body);
            trusted.by_text_hash.insert(sha256_hex(&body), body.clone());
            trusted.by_id.insert(id.to_ascii_lowercase(), body);
        }
        Ok(trusted)
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    fn resolve(&self, params: &Params, hash: Option<&str>) -> Result<Arc<str>, Refusal> {
        let id = params.document_id.as_deref().or(hash);
        if let Some(query) = &params.query {
            // The full text runs only when it is exactly a listed document.
            return match self.by_text_hash.get(&sha256_hex(query)) {
                Some(text) if id.is_none_or(|id| self.find(id).is_some_and(|t| t == text)) => {
                    Ok(text.clone())
                }
                _ => Err(untrusted()),
            };
        }
        let Some(id) = id else {
            return Err(Refusal::malformed(
                "the request names no document; send a trusted document's id as `documentId` or extensions.persistedQuery.sha256Hash",
            ));
        };
        self.find(id).cloned().ok_or_else(untrusted)
    }

    fn find(&self, id: &str) -> Option<&Arc<str>> {
        let id = id.to_ascii_lowercase();
        let bare = id.strip_prefix("sha256:").unwrap_or(&id);
        self.by_id.get(&id).or_else(|| self.by_id.get(bare))
    }
}

fn untrusted() -> Refusal {
    Refusal {
        kind: RefusalKind::Forbidden,
        code: "UNTRUSTED_DOCUMENT",
        message: "this server runs only its trusted documents (started with --trusted-documents); send the id of a listed document as `documentId` or extensions.persistedQuery.sha256Hash".into(),
    }
}

/// `(id, text)` pairs of either supported file format.
/// The `(id, document text)` pairs of a documents file (`--trusted-documents`,
/// `--rest-documents`): an object from id to text, or an Apollo persisted query
/// manifest.
pub fn read_documents(path: &Path) -> Result<Vec<(String, String)>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|err| format!("{} is not JSON: {err}", path.display()))?;
    let entries = document_entries(&value).ok_or_else(|| {
        format!(
            "{} must be an object from id to document text, or an Apollo persisted query manifest",
            path.display()
        )
    })?;
    Ok(entries
        .into_iter()
        .map(|(id, body)| (id.to_owned(), body.to_owned()))
        .collect())
}

fn document_entries(value: &Value) -> Option<Vec<(&str, &str)>> {
    if let Some(operations) = value.get("operations").and_then(Value::as_array) {
        return operations
            .iter()
            .map(|op| Some((op.get("id")?.as_str()?, op.get("body")?.as_str()?)))
            .collect();
    }
    value
        .as_object()?
        .iter()
        .map(|(id, body)| Some((id.as_str(), body.as_str()?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn params(query: Option<&str>, hash: Option<&str>) -> Params {
        let mut params = Params {
            query: query.map(str::to_owned),
            ..Params::default()
        };
        if let Some(hash) = hash {
            params.extensions.insert(
                "persistedQuery".into(),
                json!({ "version": 1, "sha256Hash": hash }),
            );
        }
        params
    }

    #[test]
    fn automatic_persisted_queries_register_then_run_by_hash() {
        let docs = Documents::automatic(2);
        let query = "{ facilities { totalCount } }";
        let hash = sha256_hex(query);
        let missing = docs.resolve(&params(None, Some(&hash))).unwrap_err();
        assert_eq!(missing.code, "PERSISTED_QUERY_NOT_FOUND");
        assert_eq!(
            &*docs.resolve(&params(Some(query), Some(&hash))).unwrap(),
            query
        );
        assert_eq!(&*docs.resolve(&params(None, Some(&hash))).unwrap(), query);
        let wrong = docs
            .resolve(&params(Some("{ other }"), Some(&hash)))
            .unwrap_err();
        assert_eq!(wrong.code, "PERSISTED_QUERY_HASH_MISMATCH");
    }

    #[test]
    fn the_cache_is_bounded() {
        let docs = Documents::automatic(2);
        for query in ["{ a }", "{ b }", "{ c }"] {
            docs.resolve(&params(Some(query), Some(&sha256_hex(query))))
                .unwrap();
        }
        assert!(
            docs.resolve(&params(None, Some(&sha256_hex("{ a }"))))
                .is_err()
        );
        assert!(
            docs.resolve(&params(None, Some(&sha256_hex("{ c }"))))
                .is_ok()
        );
    }
}
