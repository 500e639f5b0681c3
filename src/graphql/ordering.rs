//! Puts response fields in the order the query asked for them.
//!
//! async-graphql 7.2 resolves sibling fields concurrently and inserts each into the
//! response object as it completes, so `{ name trial { .. } date }` may come back as
//! `{ date, name, trial }`. The GraphQL spec asks for query order, and people reading
//! answers in the playground rely on it; the answer is written in that order.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Response, Value};

/// Fragments nest at most this deep here (validation has already refused cycles).
const MAX_FRAGMENT_DEPTH: usize = 32;

/// The operation a request runs: the named one, or the only one.
pub fn selected_operation<'a>(
    doc: &'a ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    let operation = match (&doc.operations, operation_name) {
        (DocumentOperations::Single(op), _) => op,
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name)?,
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next()?,
        _ => return None,
    };
    Some(&operation.node)
}

/// Why an answer could not be written.
#[derive(Debug)]
pub enum Written {
    /// It would be longer than the limit; writing stopped there.
    TooLarge,
    Json(serde_json::Error),
}

impl From<serde_json::Error> for Written {
    fn from(err: serde_json::Error) -> Self {
        Written::Json(err)
    }
}

/// `response` as JSON, as async-graphql serialises it, but with each object of `data`
/// in the order of the operation `doc` ran: written in one pass over the tree, without
/// reordering it first (a dashboard answer has some 19,000 objects; a separate pass
/// over them was 3 % of a request). Writing stops as soon as the answer is longer than
/// `limit` bytes.
pub fn response_json(
    doc: &ExecutableDocument,
    operation_name: Option<&str>,
    response: &Response,
    limit: usize,
) -> Result<Vec<u8>, Written> {
    let plan = match selected_operation(doc, operation_name) {
        Some(operation) => Plan::of(doc, &[&operation.selection_set.node]),
        None => Plan::default(),
    };
    // The answer's size is not known before it is written; a dashboard's is about a
    // megabyte, and starting larger saves most of the copies as the buffer grows.
    let mut out = Vec::with_capacity(Ord::min(64 * 1024, limit.saturating_add(1)));
    out.extend_from_slice(b"{\"data\":");
    plan.write(&response.data, &mut out, limit)?;
    // The rest as async-graphql serialises a response: extensions, then errors, each
    // only when there is any.
    if !response.extensions.is_empty() {
        out.extend_from_slice(b",\"extensions\":");
        serde_json::to_writer(&mut out, &response.extensions)?;
    }
    if !response.errors.is_empty() {
        out.extend_from_slice(b",\"errors\":");
        serde_json::to_writer(&mut out, &response.errors)?;
    }
    out.push(b'}');
    if out.len() > limit {
        return Err(Written::TooLarge);
    }
    Ok(out)
}

/// The order of one selection: its response keys in query order, each with the plan
/// of the selection below it. Planned once per request from the query (whose size the
/// depth and complexity limits bound), then applied to every object it describes.
#[derive(Default)]
struct Plan {
    keys: Vec<(Name, Plan)>,
}

impl Plan {
    fn of(doc: &ExecutableDocument, sets: &[&SelectionSet]) -> Plan {
        let mut keys = Vec::new();
        for set in sets {
            collect(doc, set, &mut keys, 0);
        }
        Plan {
            keys: keys
                .into_iter()
                .map(|(key, child_sets)| (key, Plan::of(doc, &child_sets)))
                .collect(),
        }
    }

    /// Writes `value` as JSON, each object's keys in the plan's order (keys the plan
    /// does not name, which there should be none of, last).
    fn write(&self, value: &Value, out: &mut Vec<u8>, limit: usize) -> Result<(), Written> {
        if out.len() > limit {
            return Err(Written::TooLarge);
        }
        match value {
            Value::List(items) if !self.keys.is_empty() => {
                out.push(b'[');
                for (at, item) in items.iter().enumerate() {
                    if at > 0 {
                        out.push(b',');
                    }
                    self.write(item, out, limit)?;
                }
                out.push(b']');
            }
            Value::Object(map) if !self.keys.is_empty() => {
                out.push(b'{');
                let mut written = 0;
                for (key, child) in &self.keys {
                    // Usually the next entry; response keys share the query's `Name`s.
                    let entry = match map.get_index(written) {
                        Some((present, value)) if present == key => Some(value),
                        _ => map.get(key),
                    };
                    let Some(entry) = entry else { continue };
                    if written > 0 {
                        out.push(b',');
                    }
                    serde_json::to_writer(&mut *out, key.as_str())?;
                    out.push(b':');
                    child.write(entry, out, limit)?;
                    written += 1;
                }
                if written < map.len() {
                    for (key, entry) in map {
                        if self.keys.iter().any(|(planned, _)| planned == key) {
                            continue;
                        }
                        if written > 0 {
                            out.push(b',');
                        }
                        serde_json::to_writer(&mut *out, key.as_str())?;
                        out.push(b':');
                        serde_json::to_writer(&mut *out, entry)?;
                        written += 1;
                    }
                }
                out.push(b'}');
            }
            // An object written as it was produced (`produced`), in query order.
            Value::Binary(written) => out.extend_from_slice(written),
            // Scalars, and what no selection reaches into (a JSON scalar's object).
            _ => serde_json::to_writer(&mut *out, value)?,
        }
        Ok(())
    }
}

/// Response keys of `set` in query order, flattening fragments, with the selection sets
/// below each key.
fn collect<'a>(
    doc: &'a ExecutableDocument,
    set: &'a SelectionSet,
    keys: &mut Vec<(Name, Vec<&'a SelectionSet>)>,
    depth: usize,
) {
    if depth > MAX_FRAGMENT_DEPTH {
        return;
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                let key = field.node.response_key().node.clone();
                let child = &field.node.selection_set.node;
                match keys.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, sets)) => sets.push(child),
                    None => keys.push((key, vec![child])),
                }
            }
            Selection::InlineFragment(fragment) => {
                collect(doc, &fragment.node.selection_set.node, keys, depth + 1)
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = doc.fragments.get(&spread.node.fragment_name.node) {
                    collect(doc, &fragment.node.selection_set.node, keys, depth + 1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::Value;

    use super::*;

    /// The `data` of the answer `response_json` writes for `data` under `query`.
    fn order(query: &str, operation_name: Option<&str>, data: Value) -> String {
        let doc = async_graphql::parser::parse_query(query).unwrap();
        let written =
            response_json(&doc, operation_name, &Response::new(data), usize::MAX).unwrap();
        let written = String::from_utf8(written).unwrap();
        written
            .strip_prefix(r#"{"data":"#)
            .and_then(|rest| rest.strip_suffix('}'))
            .unwrap()
            .to_owned()
    }

    fn value(json: serde_json::Value) -> Value {
        Value::from_json(json).unwrap()
    }

    #[test]
    fn fields_follow_the_query_through_aliases_lists_and_fragments() {
        let query = "query Q { list { b a: x ...F } } fragment F on T { c { z y } }";
        let data = value(serde_json::json!({
            "list": [{ "c": { "y": 1, "z": 2 }, "a": 3, "b": 4 }]
        }));
        let json = order(query, None, data);
        assert_eq!(json, r#"{"list":[{"b":4,"a":3,"c":{"z":2,"y":1}}]}"#);
    }

    #[test]
    fn each_item_of_a_list_is_ordered_whatever_order_it_arrived_in() {
        let query = "{ list { a b c } }";
        let data = value(serde_json::json!({ "list": [
            { "a": 1, "b": 2, "c": 3 },
            { "c": 3, "b": 2, "a": 1 },
            { "b": 2, "a": 1, "extra": 0, "c": 3 },
            { "c": 3, "a": 1 }
        ] }));
        assert_eq!(
            order(query, None, data),
            r#"{"list":[{"a":1,"b":2,"c":3},{"a":1,"b":2,"c":3},{"a":1,"b":2,"c":3,"extra":0},{"a":1,"c":3}]}"#
        );
    }

    #[test]
    fn the_one_pass_answer_keeps_errors_extensions_escapes_and_json_scalars() {
        let doc = async_graphql::parser::parse_query("{ a { b json } c }").unwrap();
        let data = value(serde_json::json!({
            "c": null,
            "a": [{ "json": { "z": 1, "y": [1.5, true] }, "b": "quote \" and\nline" }, null]
        }));
        let mut response = Response::new(data);
        response
            .errors
            .push(async_graphql::ServerError::new("it failed", None));
        response.extensions.insert("cost".into(), Value::from(3));
        let written =
            String::from_utf8(response_json(&doc, None, &response, usize::MAX).unwrap()).unwrap();
        // async-graphql's own serialisation of the same answer, built in query order.
        response.data = value(serde_json::json!({
            "a": [{ "b": "quote \" and\nline", "json": { "z": 1, "y": [1.5, true] } }, null],
            "c": null
        }));
        assert_eq!(written, serde_json::to_string(&response).unwrap());
        assert!(written.starts_with(r#"{"data":{"a":[{"b":"quote \" and\nline","json":{"z":1,"y":[1.5,true]}},null],"c":null}"#));
    }

    #[test]
    fn writing_stops_past_the_limit() {
        let doc = async_graphql::parser::parse_query("{ list { name } }").unwrap();
        let items: Vec<serde_json::Value> = (0..1000)
            .map(|i| serde_json::json!({ "name": format!("record {i}") }))
            .collect();
        let response = Response::new(value(serde_json::json!({ "list": items })));
        let whole = response_json(&doc, None, &response, usize::MAX).unwrap();
        assert!(response_json(&doc, None, &response, whole.len()).is_ok());
        assert!(matches!(
            response_json(&doc, None, &response, whole.len() - 1),
            Err(Written::TooLarge)
        ));
        assert!(matches!(
            response_json(&doc, None, &response, 100),
            Err(Written::TooLarge)
        ));
    }

    #[test]
    fn the_named_operation_is_the_one_followed() {
        let query = "query A { x y } query B { y x }";
        let data = value(serde_json::json!({ "x": 1, "y": 2 }));
        assert_eq!(order(query, Some("B"), data), r#"{"y":2,"x":1}"#);
    }
}
