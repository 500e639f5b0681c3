//! Answers written as they are produced: an object that resolves in place (`Inline`,
//! `Joined`) writes itself as JSON the moment its fields are done, and its parent
//! keeps those bytes instead of a tree of values.
//!
//! async-graphql builds an answer as a tree (`Value`: an `IndexMap` per object, a
//! `Name` and a `Value` per field) and serialises it at the end. A dashboard answer is
//! about a megabyte of JSON and some 19,000 objects; as a tree it is many times that,
//! and 32 of them in flight were most of the server's memory. Written as produced, an
//! object costs its JSON, and its children's trees are freed as soon as it is written.
//!
//! The bytes travel inside the tree as `Value::Binary`, which daleel's own answer
//! writer (`ordering::response_json`) copies as they are. Only requests that end in that
//! writer ask for it (`WriteAsProduced` in the request's data, set by the HTTP
//! handler); anything else that reads a `Value` (subscriptions over WebSocket,
//! in-process execution) gets the tree as before. daleel has no binary scalar, so a
//! `Binary` in an answer is always one of these.
//!
//! An object stays a tree when writing it now could be wrong later:
//! - a field failed anywhere in the request so far: the answer's nulls are settled
//!   after execution (`nulls::propagate`), along the error's path, which must be a
//!   tree; an object finishes after everything below it, so an error below it is
//!   always seen;
//! - a selection below it needs the query's fragments or directives to be ordered,
//!   or names a response key twice: the tree keeps them for the writer's plan.

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Selection, SelectionSet};
use async_graphql::{ContextSelectionSet, Name, Value};
use bytes::Bytes;

use crate::graphql::inline::plain_fields;

/// Asks the objects of a request to write themselves as they finish.
pub struct WriteAsProduced;

/// Whether objects of this request are written as they finish (asked, and no error so
/// far).
pub fn asked(ctx: &ContextSelectionSet<'_>) -> bool {
    ctx.data_opt::<WriteAsProduced>().is_some()
        && ctx
            .query_env
            .errors
            .lock()
            .is_ok_and(|errors| errors.is_empty())
}

/// `values`, the fields of `selection`, written as one JSON object in the selection's
/// order; `None` when some part of it must stay a tree.
pub fn written(selection: &SelectionSet, values: &IndexMap<Name, Value>) -> Option<Value> {
    let mut out = Vec::with_capacity(64 * values.len());
    write_object(selection, values, &mut out)?;
    Some(Value::Binary(Bytes::from(out.into_boxed_slice())))
}

fn write_object(
    selection: &SelectionSet,
    values: &IndexMap<Name, Value>,
    out: &mut Vec<u8>,
) -> Option<()> {
    if selection.items.len() != values.len() || !plain_fields(selection) {
        return None;
    }
    out.push(b'{');
    for (at, item) in selection.items.iter().enumerate() {
        let Selection::Field(field) = &item.node else {
            return None;
        };
        let key = &field.node.response_key().node;
        let value = values.get(key)?;
        if at > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, key.as_str()).ok()?;
        out.push(b':');
        write_value(&field.node.selection_set.node, value, out)?;
    }
    out.push(b'}');
    Some(())
}

fn write_value(selection: &SelectionSet, value: &Value, out: &mut Vec<u8>) -> Option<()> {
    match value {
        Value::Binary(written) => out.extend_from_slice(written),
        Value::List(items) => {
            out.push(b'[');
            for (at, item) in items.iter().enumerate() {
                if at > 0 {
                    out.push(b',');
                }
                write_value(selection, item, out)?;
            }
            out.push(b']');
        }
        Value::Object(values) if !selection.items.is_empty() => {
            write_object(selection, values, out)?
        }
        // Scalars, and a JSON scalar's object (no selection reaches into it).
        scalar => serde_json::to_writer(&mut *out, scalar).ok()?,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(query: &str) -> SelectionSet {
        let doc = async_graphql::parser::parse_query(query).unwrap();
        let async_graphql::parser::types::DocumentOperations::Single(op) = doc.operations else {
            panic!("one operation");
        };
        op.node.selection_set.node
    }

    fn object(json: serde_json::Value) -> IndexMap<Name, Value> {
        match Value::from_json(json).unwrap() {
            Value::Object(map) => map,
            _ => panic!("an object"),
        }
    }

    fn text(value: &Value) -> String {
        match value {
            Value::Binary(bytes) => String::from_utf8(bytes.to_vec()).unwrap(),
            other => panic!("not written: {other:?}"),
        }
    }

    #[test]
    fn fields_are_written_in_the_selection_order_with_children_already_written() {
        let set = selection("{ name page { nodes { a b } total } quote }");
        let child = written(
            &selection("{ a b }"),
            &object(serde_json::json!({ "b": 2, "a": "x\"y" })),
        )
        .unwrap();
        let mut values = object(serde_json::json!({
            "quote": null,
            "page": { "total": 3, "nodes": [] },
            "name": "سجن صيدنايا",
        }));
        if let Some(Value::Object(page)) = values.get_mut("page") {
            page.insert(Name::new("nodes"), Value::List(vec![child, Value::Null]));
        }
        let json = text(&written(&set, &values).unwrap());
        assert_eq!(
            json,
            r#"{"name":"سجن صيدنايا","page":{"nodes":[{"a":"x\"y","b":2},null],"total":3},"quote":null}"#
        );
        // The same as serde_json makes of the value, once in order.
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["page"]["nodes"][0]["a"], "x\"y");
    }

    #[test]
    fn what_needs_the_query_to_be_ordered_stays_a_tree() {
        let values = object(serde_json::json!({ "a": 1, "b": { "c": 2 } }));
        // A fragment below: the writer's plan orders it from the document.
        assert!(written(&selection("{ a b { ...F } }"), &values).is_none());
        assert!(written(&selection("{ a b { ... on T { c } } }"), &values).is_none());
        // A directive, a missing field (skipped, or failed), a key named twice.
        assert!(written(&selection("{ a b { c @include(if: true) } }"), &values).is_none());
        assert!(written(&selection("{ a b { c } d }"), &values).is_none());
        assert!(written(&selection("{ a a b { c } }"), &values).is_none());
        assert!(written(&selection("{ a b { c } }"), &values).is_some());
    }
}
