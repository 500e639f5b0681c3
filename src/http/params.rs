//! The parameters of a GraphQL-over-HTTP request, read strictly: from a JSON body
//! (POST) or the query string (GET). Each mistake is named so the client can fix it.

use actix_web::web;
use serde_json::{Map, Value};

/// `query`, `operationName`, `variables`, `extensions` and `documentId` (a trusted
/// document's id, from the GraphQL-over-HTTP persisted documents proposal).
#[derive(Debug, Default, PartialEq)]
pub struct Params {
    pub query: Option<String>,
    pub operation_name: Option<String>,
    pub variables: Map<String, Value>,
    pub extensions: Map<String, Value>,
    pub document_id: Option<String>,
}

impl Params {
    /// `extensions.persistedQuery.sha256Hash` (Apollo's automatic persisted queries).
    pub fn persisted_query_hash(&self) -> Result<Option<&str>, String> {
        let Some(persisted) = self.extensions.get("persistedQuery") else {
            return Ok(None);
        };
        let version = persisted.get("version").and_then(Value::as_i64);
        if version != Some(1) {
            return Err("extensions.persistedQuery.version must be 1".into());
        }
        match persisted.get("sha256Hash").and_then(Value::as_str) {
            Some(hash) => Ok(Some(hash)),
            None => Err("extensions.persistedQuery.sha256Hash must be a hex string".into()),
        }
    }
}

/// Reads a POST body: a JSON object with the parameters.
pub fn from_json(body: &[u8]) -> Result<Params, String> {
    let value: Value = serde_json::from_slice(body).map_err(|err| {
        format!(
            "the request body is not JSON ({err}); send an object like {{\"query\": \"{{ facilities {{ totalCount }} }}\"}}"
        )
    })?;
    from_value(value)
}

/// Reads parameters already decoded from JSON (a WebSocket `subscribe` payload).
pub fn from_value(value: Value) -> Result<Params, String> {
    let Value::Object(mut fields) = value else {
        return Err(
            "the request body must be a JSON object with a `query` string (batches are not accepted)"
                .into(),
        );
    };
    Ok(Params {
        query: string_param(fields.remove("query"), "query")?,
        operation_name: string_param(fields.remove("operationName"), "operationName")?,
        variables: object_param(fields.remove("variables"), "variables")?,
        extensions: object_param(fields.remove("extensions"), "extensions")?,
        document_id: string_param(fields.remove("documentId"), "documentId")?,
    })
}

/// Names under which clients put keys in URLs.
const CREDENTIAL_NAMES: [&str; 6] = [
    "access_token",
    "api_key",
    "apikey",
    "token",
    "key",
    "authorization",
];

/// The name of a parameter of `query_string` that carries a key, if any.
pub fn credential_in_url(query_string: &str) -> Option<String> {
    web::Query::<Vec<(String, String)>>::from_query(query_string)
        .ok()?
        .into_inner()
        .into_iter()
        .map(|(name, _)| name)
        .find(|name| CREDENTIAL_NAMES.contains(&name.to_ascii_lowercase().as_str()))
}

/// Reads a GET query string: `variables` and `extensions` are URL-encoded JSON.
pub fn from_query_string(query_string: &str) -> Result<Params, String> {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(query_string)
        .map_err(|err| format!("the query string cannot be read ({err})"))?
        .into_inner();
    let mut params = Params::default();
    let mut seen: Vec<&str> = Vec::new();
    for (name, value) in &pairs {
        if seen.contains(&name.as_str()) {
            return Err(format!("the `{name}` parameter is given more than once"));
        }
        seen.push(name);
        match name.as_str() {
            "query" => params.query = Some(value.clone()),
            "operationName" => params.operation_name = Some(value.clone()),
            "documentId" => params.document_id = Some(value.clone()),
            "variables" => params.variables = object_param(Some(json_param(value, name)?), name)?,
            "extensions" => params.extensions = object_param(Some(json_param(value, name)?), name)?,
            // Other parameters (cache busters, tracking) do not concern GraphQL.
            _ => {}
        }
    }
    Ok(params)
}

fn json_param(text: &str, name: &str) -> Result<Value, String> {
    serde_json::from_str(text)
        .map_err(|err| format!("the `{name}` parameter must be URL-encoded JSON ({err})"))
}

fn string_param(value: Option<Value>, name: &str) -> Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(format!(
            "the `{name}` parameter must be a string, not {}",
            kind_of(&other)
        )),
    }
}

fn object_param(value: Option<Value>, name: &str) -> Result<Map<String, Value>, String> {
    match value {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map),
        Some(other) => Err(format!(
            "the `{name}` parameter must be a JSON object, not {}",
            kind_of(&other)
        )),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_json_body_is_read_strictly() {
        let params = from_json(
            br#"{"query":"{ a }","operationName":null,"variables":{"x":1},"extensions":{}}"#,
        )
        .unwrap();
        assert_eq!(params.query.as_deref(), Some("{ a }"));
        assert_eq!(params.variables.get("x"), Some(&json!(1)));
        for (body, named) in [
            (&br#"{"query": 1}"#[..], "`query`"),
            (br#"{"query": "{ a }", "variables": "{}"}"#, "`variables`"),
            (
                br#"{"query": "{ a }", "operationName": []}"#,
                "`operationName`",
            ),
            (br#"{"query": "{ a }", "extensions": "x"}"#, "`extensions`"),
            (br#"[{"query": "{ a }"}]"#, "JSON object"),
            (br#"{"query": "#, "not JSON"),
        ] {
            let err = from_json(body).unwrap_err();
            assert!(err.contains(named), "{err}");
        }
    }

    #[test]
    fn a_query_string_decodes_its_json_parameters() {
        let params =
            from_query_string("query=%7B%20a%20%7D&variables=%7B%22x%22%3A1%7D&operationName=Q")
                .unwrap();
        assert_eq!(params.query.as_deref(), Some("{ a }"));
        assert_eq!(params.operation_name.as_deref(), Some("Q"));
        assert_eq!(params.variables.get("x"), Some(&json!(1)));
        assert!(from_query_string("query=a&query=b").is_err());
        assert!(from_query_string("query=a&variables=nope").is_err());
        assert!(from_query_string("query=a&variables=%5B%5D").is_err());
    }

    #[test]
    fn the_persisted_query_extension_is_checked() {
        let with = |extensions: Value| Params {
            extensions: extensions.as_object().unwrap().clone(),
            ..Params::default()
        };
        assert_eq!(
            with(json!({"persistedQuery": {"version": 1, "sha256Hash": "ab"}}))
                .persisted_query_hash()
                .unwrap(),
            Some("ab")
        );
        assert_eq!(with(json!({})).persisted_query_hash().unwrap(), None);
        assert!(
            with(json!({"persistedQuery": {"version": 2, "sha256Hash": "ab"}}))
                .persisted_query_hash()
                .is_err()
        );
        assert!(
            with(json!({"persistedQuery": {"version": 1}}))
                .persisted_query_hash()
                .is_err()
        );
    }
}
