//! Null propagation, as the GraphQL specification asks (§ 6.4.4, "Handling Field
//! Errors"): a field that failed is null; when its type is non-null, its parent is null
//! instead, and so on up to the nearest position that may be null (or `data` itself).
//!
//! async-graphql 7.2 records a failed field's error and leaves the field out of its
//! object, whatever its type; a client generated from `schema.graphql` then finds a
//! non-null field missing. The answer is mended here, before it is written, from the
//! error paths, the operation and the schema's field types.

use std::collections::HashMap;

use async_graphql::parser::types::{
    BaseType, ExecutableDocument, OperationType, Selection, SelectionSet, Type, TypeKind,
    TypeSystemDefinition,
};
use async_graphql::{Name, PathSegment, Response, Value};

use crate::graphql::ordering::selected_operation;

/// Fragments nest at most this deep here (validation has already refused cycles).
const MAX_FRAGMENT_DEPTH: usize = 32;

/// The type of every field of every object and interface type of a schema.
#[derive(Debug, Default)]
pub struct FieldTypes {
    fields: HashMap<(String, String), Type>,
}

impl FieldTypes {
    /// The field types of the schema whose SDL is `sdl`.
    pub fn of_sdl(sdl: &str) -> FieldTypes {
        let mut fields = HashMap::new();
        if let Ok(document) = async_graphql::parser::parse_schema(sdl) {
            for definition in document.definitions {
                let TypeSystemDefinition::Type(definition) = definition else {
                    continue;
                };
                let definition = definition.node;
                let list = match definition.kind {
                    TypeKind::Object(object) => object.fields,
                    TypeKind::Interface(interface) => interface.fields,
                    _ => continue,
                };
                for field in list {
                    fields.insert(
                        (
                            definition.name.node.to_string(),
                            field.node.name.node.to_string(),
                        ),
                        field.node.ty.node,
                    );
                }
            }
        }
        FieldTypes { fields }
    }

    fn get(&self, parent: &str, field: &str) -> Option<&Type> {
        self.fields.get(&(parent.to_owned(), field.to_owned()))
    }

    /// Makes `response.data` what the specification says it is, given its errors.
    pub fn propagate(
        &self,
        doc: &ExecutableDocument,
        operation_name: Option<&str>,
        response: &mut Response,
    ) {
        let Some(operation) = selected_operation(doc, operation_name) else {
            return;
        };
        let root = match operation.ty {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
        };
        for error in &response.errors {
            if error.path.is_empty() {
                continue;
            }
            let Some(nullable) =
                self.positions(doc, root, &operation.selection_set.node, &error.path)
            else {
                continue;
            };
            // The failed field is null; a non-null position hands its null to its parent.
            let mut depth = error.path.len();
            while depth > 0 && !nullable[depth - 1] {
                depth -= 1;
            }
            if depth == 0 {
                response.data = Value::Null;
                return;
            }
            set_null(&mut response.data, &error.path[..depth]);
        }
    }

    /// Whether each position along `path` may be null, or `None` when the path leaves
    /// the operation (then the answer is left as it is).
    fn positions(
        &self,
        doc: &ExecutableDocument,
        root: &str,
        selection: &SelectionSet,
        path: &[PathSegment],
    ) -> Option<Vec<bool>> {
        let mut nullable = Vec::with_capacity(path.len());
        // Every selection set that selects into the current position (a key selected in
        // several fragments merges their selections), each with the type it is on.
        let mut sets: Vec<(&SelectionSet, String)> = vec![(selection, root.to_owned())];
        // The type of the value at the current position, as the schema declares it.
        let mut current: Option<Type> = None;
        for segment in path {
            match segment {
                PathSegment::Field(key) => {
                    let mut fields = Vec::new();
                    for (set, ty) in &sets {
                        collect_fields(doc, set, ty, key, 0, &mut fields);
                    }
                    let ty = fields
                        .iter()
                        .find_map(|(field, within)| self.get(within, field.name.node.as_str()))?
                        .clone();
                    nullable.push(ty.nullable);
                    let below = named(&ty).to_owned();
                    sets = fields
                        .into_iter()
                        .map(|(field, _)| (&field.selection_set.node, below.clone()))
                        .collect();
                    current = Some(ty);
                }
                PathSegment::Index(_) => {
                    let BaseType::List(item) = &current.as_ref()?.base else {
                        return None;
                    };
                    nullable.push(item.nullable);
                    current = Some((**item).clone());
                }
            }
        }
        Some(nullable)
    }
}

/// The name at the bottom of a type (`Facility` for `[Facility!]!`).
fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(item) => named(item),
    }
}

/// Every field whose response key is `key` in `set` (through fragments), each with the
/// type it is a field of (a fragment's type condition, or `ty`).
fn collect_fields<'a>(
    doc: &'a ExecutableDocument,
    set: &'a SelectionSet,
    ty: &str,
    key: &str,
    depth: usize,
    out: &mut Vec<(&'a async_graphql::parser::types::Field, String)>,
) {
    if depth > MAX_FRAGMENT_DEPTH {
        return;
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) if field.node.response_key().node.as_str() == key => {
                out.push((&field.node, ty.to_owned()));
            }
            Selection::Field(_) => {}
            Selection::InlineFragment(fragment) => {
                let within = fragment
                    .node
                    .type_condition
                    .as_ref()
                    .map_or(ty, |c| c.node.on.node.as_str());
                collect_fields(
                    doc,
                    &fragment.node.selection_set.node,
                    within,
                    key,
                    depth + 1,
                    out,
                );
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = doc.fragments.get(&spread.node.fragment_name.node) {
                    let within = fragment.node.type_condition.node.on.node.as_str();
                    collect_fields(
                        doc,
                        &fragment.node.selection_set.node,
                        within,
                        key,
                        depth + 1,
                        out,
                    );
                }
            }
        }
    }
}

/// Sets the value at `path` in `data` to null (adding the key if it was left out).
fn set_null(data: &mut Value, path: &[PathSegment]) {
    let Some((last, parents)) = path.split_last() else {
        *data = Value::Null;
        return;
    };
    let mut value = data;
    for segment in parents {
        let next = match (segment, value) {
            (PathSegment::Field(key), Value::Object(map)) => map.get_mut(key.as_str()),
            (PathSegment::Index(i), Value::List(items)) => items.get_mut(*i),
            _ => None,
        };
        match next {
            Some(next) => value = next,
            // A parent already null holds the null.
            None => return,
        }
    }
    match (last, value) {
        (PathSegment::Field(key), Value::Object(map)) => {
            map.insert(Name::new(key), Value::Null);
        }
        (PathSegment::Index(i), Value::List(items)) => {
            if let Some(item) = items.get_mut(*i) {
                *item = Value::Null;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{ServerError, Value};

    use super::*;

    const SDL: &str = r#"
      type Query { facilities: FacilityConnection! maybe: Facility agencies: Int }
      type FacilityConnection { nodes: [Facility!]! }
      type Facility { name: String! kind: Kind! note: String }
      enum Kind { PRISON }
    "#;

    fn run(query: &str, data: serde_json::Value, path: Vec<PathSegment>) -> serde_json::Value {
        let doc = async_graphql::parser::parse_query(query).unwrap();
        let mut response = Response::new(Value::from_json(data).unwrap());
        let mut error = ServerError::new("unknown Kind value", None);
        error.path = path;
        response.errors.push(error);
        FieldTypes::of_sdl(SDL).propagate(&doc, None, &mut response);
        response.data.into_json().unwrap()
    }

    fn path(segments: &[&str]) -> Vec<PathSegment> {
        segments
            .iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => PathSegment::Index(i),
                Err(_) => PathSegment::Field((*s).to_owned()),
            })
            .collect()
    }

    #[test]
    fn a_failed_non_null_field_nulls_up_to_the_nearest_nullable_position() {
        // kind: Kind! → Facility! item → nodes: [..]! → facilities: ..! → data.
        let data =
            serde_json::json!({ "facilities": { "nodes": [{ "name": "A" }] }, "agencies": 3 });
        let out = run(
            "{ facilities { nodes { name kind } } agencies }",
            data,
            path(&["facilities", "nodes", "0", "kind"]),
        );
        assert_eq!(out, serde_json::Value::Null);
        // A nullable parent takes the null.
        let data = serde_json::json!({ "maybe": { "name": "A" }, "agencies": 3 });
        let out = run(
            "{ maybe { name kind } agencies }",
            data,
            path(&["maybe", "kind"]),
        );
        assert_eq!(out, serde_json::json!({ "maybe": null, "agencies": 3 }));
        // A nullable field is null itself, its key present.
        let data = serde_json::json!({ "maybe": { "name": "A" } });
        let out = run("{ maybe { name n: note } }", data, path(&["maybe", "n"]));
        assert_eq!(
            out,
            serde_json::json!({ "maybe": { "name": "A", "n": null } })
        );
    }

    #[test]
    fn a_key_selected_in_two_fragments_merges_their_selections() {
        let data = serde_json::json!({ "maybe": { "name": "A" }, "agencies": 1 });
        let out = run(
            "{ ...A ...B agencies } fragment A on Query { maybe { name } } fragment B on Query { maybe { kind } }",
            data,
            path(&["maybe", "kind"]),
        );
        assert_eq!(out, serde_json::json!({ "maybe": null, "agencies": 1 }));
    }

    #[test]
    fn fragments_and_aliases_are_followed() {
        let data = serde_json::json!({ "m": { "name": "A" } });
        let out = run(
            "{ m: maybe { ...F } } fragment F on Facility { name k: kind }",
            data,
            path(&["m", "k"]),
        );
        assert_eq!(out, serde_json::json!({ "m": null }));
    }
}
