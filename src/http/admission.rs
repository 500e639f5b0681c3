//! What every operation passes before it runs, over HTTP and WebSocket alike: the
//! document it names (persisted or trusted), that it parses, the field limit, and the
//! introspection switch, and that no string holds a NUL. Depth and complexity are
//! checked by the schema itself.

use std::sync::Arc;

use async_graphql::parser::types::{
    Directive, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use async_graphql::{Positioned, Value};
use serde_json::Value as Json;

use crate::graphql::limits::{field_count, selects_introspection};
use crate::graphql::ordering::selected_operation;
use crate::http::AppState;
use crate::http::metrics::OperationKind;
use crate::http::params::Params;
use crate::http::persisted::{Refusal, RefusalKind};

/// An operation that may run.
pub struct Admitted {
    pub query: Arc<str>,
    pub document: ExecutableDocument,
    pub kind: OperationKind,
}

pub fn admit(state: &AppState, params: &Params) -> Result<Admitted, Refusal> {
    let query = state.documents.resolve(params)?;
    let document = async_graphql::parser::parse_query(query.as_ref()).map_err(|err| Refusal {
        kind: RefusalKind::RequestError,
        code: "GRAPHQL_PARSE_FAILED",
        message: err.to_string(),
    })?;
    let operation_name = params.operation_name.as_deref();
    if field_count(&document, operation_name, state.max_fields) > state.max_fields {
        return Err(Refusal {
            kind: RefusalKind::RequestError,
            code: "QUERY_TOO_LARGE",
            message: format!(
                "the query selects more than {} fields (aliases and fragments included); split it into smaller queries",
                state.max_fields
            ),
        });
    }
    if state.introspection_disabled && selects_introspection(&document, operation_name) {
        return Err(Refusal {
            kind: RefusalKind::RequestError,
            code: "INTROSPECTION_DISABLED",
            message: "schema introspection is switched off on this server; the schema is published as schema.graphql".into(),
        });
    }
    if let Some(place) = nul_in_variables(params).or_else(|| nul_in_document(&document)) {
        return Err(Refusal {
            kind: RefusalKind::RequestError,
            code: "BAD_USER_INPUT",
            message: format!(
                "{place} contains the NUL character (U+0000), which no field can store or match; remove it"
            ),
        });
    }
    let kind = match selected_operation(&document, operation_name).map(|op| op.ty) {
        Some(OperationType::Query) => OperationKind::Query,
        Some(OperationType::Mutation) => OperationKind::Mutation,
        Some(OperationType::Subscription) => OperationKind::Subscription,
        None => OperationKind::Unknown,
    };
    Ok(Admitted {
        query,
        document,
        kind,
    })
}

/// The first variable whose value (or a key in it) holds a NUL, named for the message.
/// JSON nests at most 128 deep (serde_json's limit), so the walk is bounded.
fn nul_in_variables(params: &Params) -> Option<String> {
    fn has_nul(value: &Json) -> bool {
        match value {
            Json::String(s) => s.contains('\0'),
            Json::Array(items) => items.iter().any(has_nul),
            Json::Object(fields) => fields.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
            Json::Null | Json::Bool(_) | Json::Number(_) => false,
        }
    }
    params
        .variables
        .iter()
        .find(|(name, value)| name.contains('\0') || has_nul(value))
        .map(|(name, _)| format!("variable `${}`", name.replace('\0', "")))
}

/// Whether an argument's literal holds a NUL, its variables read as null (they are
/// checked on their own). A macro, because async-graphql does not export the name of the
/// parser's value type, only its methods.
macro_rules! literal_has_nul {
    ($literal:expr) => {
        $literal
            .node
            .clone()
            .into_const_with(|_| Ok::<Value, std::convert::Infallible>(Value::Null))
            .is_ok_and(|value| value_has_nul(&value))
    };
}

/// Selections deeper than this are refused by the depth limit anyway; the walk stops.
const MAX_WALK_DEPTH: usize = 64;

/// Whether a string literal anywhere in the document holds a NUL (written as `\u0000`).
fn nul_in_document(document: &ExecutableDocument) -> Option<String> {
    let found = document.operations.iter().any(|(_, operation)| {
        let operation = &operation.node;
        operation.variable_definitions.iter().any(|definition| {
            let definition = &definition.node;
            definition
                .default_value
                .as_ref()
                .is_some_and(|v| value_has_nul(&v.node))
                || directives_have_nul(&definition.directives)
        }) || directives_have_nul(&operation.directives)
            || selections_have_nul(&operation.selection_set.node, 0)
    }) || document.fragments.values().any(|fragment| {
        directives_have_nul(&fragment.node.directives)
            || selections_have_nul(&fragment.node.selection_set.node, 0)
    });
    found.then(|| "a string in the query".to_owned())
}

fn selections_have_nul(set: &SelectionSet, depth: usize) -> bool {
    depth <= MAX_WALK_DEPTH
        && set.items.iter().any(|selection| match &selection.node {
            Selection::Field(field) => {
                let field = &field.node;
                field.arguments.iter().any(|(_, v)| literal_has_nul!(v))
                    || directives_have_nul(&field.directives)
                    || selections_have_nul(&field.selection_set.node, depth + 1)
            }
            Selection::FragmentSpread(spread) => directives_have_nul(&spread.node.directives),
            Selection::InlineFragment(fragment) => {
                directives_have_nul(&fragment.node.directives)
                    || selections_have_nul(&fragment.node.selection_set.node, depth + 1)
            }
        })
}

fn directives_have_nul(directives: &[Positioned<Directive>]) -> bool {
    directives
        .iter()
        .any(|d| d.node.arguments.iter().any(|(_, v)| literal_has_nul!(v)))
}

/// Literal values nest only as deep as the parser allows (it refuses deeper input).
fn value_has_nul(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains('\0'),
        Value::List(items) => items.iter().any(value_has_nul),
        Value::Object(fields) => fields.values().any(value_has_nul),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn document(query: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(query).unwrap()
    }

    #[test]
    fn a_nul_anywhere_in_the_document_is_found() {
        for query in [
            r#"{ a(x: "\u0000") }"#,
            r#"{ a { b(x: ["ok", {y: "a\u0000"}]) } }"#,
            r#"query($v: String = "\u0000") { a }"#,
            r#"{ a @include(if: "\u0000") }"#,
            r#"{ ...F } fragment F on Q { a(x: "\u0000") }"#,
            r#"{ ... on Q { a(x: "\u0000") } }"#,
        ] {
            assert!(nul_in_document(&document(query)).is_some(), "{query}");
        }
        assert!(nul_in_document(&document(r#"{ a(x: "\\u0000 is text") }"#)).is_none());
    }

    #[test]
    fn a_nul_in_a_variable_is_named() {
        let params = Params {
            variables: json!({ "ok": "fine", "t": { "deep": ["x\u{0}"] } })
                .as_object()
                .unwrap()
                .clone(),
            ..Params::default()
        };
        assert_eq!(nul_in_variables(&params).as_deref(), Some("variable `$t`"));
        assert_eq!(nul_in_variables(&Params::default()), None);
    }
}
