//! `GET /api/openapi.json`: an OpenAPI 3.1 description of the REST endpoints, made from
//! the operations themselves (their names and variables), so it never drifts from them.

use async_graphql::parser::types::{BaseType, Type};
use serde_json::{Map, Value, json};

use crate::http::rest::operations::{Operation, Operations};

/// The JSON Schema of a value of `ty` in a query string.
fn schema_of(ty: &Type) -> Value {
    match &ty.base {
        BaseType::List(inner) => json!({ "type": "array", "items": schema_of(inner) }),
        BaseType::Named(name) => match name.as_str() {
            "Int" => json!({ "type": "integer", "format": "int32" }),
            "Float" => json!({ "type": "number" }),
            "Boolean" => json!({ "type": "boolean" }),
            "String" | "ID" => json!({ "type": "string" }),
            other => json!({
                "type": "string",
                "description": format!("a value of the GraphQL type `{other}`: an enum value by its name, an input object as JSON")
            }),
        },
    }
}

fn parameters(operation: &Operation) -> Vec<Value> {
    operation
        .variables
        .iter()
        .map(|v| {
            let mut parameter = json!({
                "name": v.name,
                "in": "query",
                "required": v.required(),
                "description": format!("The operation's `${}: {}`.", v.name, v.ty),
                "schema": schema_of(&v.ty),
            });
            if matches!(v.ty.base, BaseType::List(_)) {
                parameter["style"] = json!("form");
                parameter["explode"] = json!(true);
            }
            parameter
        })
        .chain(std::iter::once(json!({
            "name": "bom",
            "in": "query",
            "required": false,
            "description": "With `text/csv`: start the file with a byte order mark, for spreadsheets that need one to read UTF-8.",
            "schema": { "type": "boolean" },
        })))
        .collect()
}

fn path_item(operation: &Operation) -> Value {
    let error = json!({ "$ref": "#/components/responses/Error" });
    json!({
        "get": {
            "operationId": operation.name,
            "summary": format!("The GraphQL query `{}`", operation.name),
            "description": format!("Runs the query `{}` with the parameters as its variables, as `POST /graphql` would, for the caller's role. `Accept: text/csv` (or the path with `.csv`) returns its main list as CSV.", operation.name),
            "parameters": parameters(operation),
            "responses": {
                "200": {
                    "description": "The answer, as GraphQL gives it; or its main list as CSV.",
                    "content": {
                        "application/json": { "schema": { "$ref": "#/components/schemas/GraphQLResponse" } },
                        "text/csv": { "schema": { "type": "string" } }
                    }
                },
                "304": { "description": "Not modified since the `ETag` the client holds." },
                "400": error,
                "404": error,
                "429": error,
                "503": error
            }
        }
    })
}

/// The OpenAPI document of `operations`.
pub fn document(operations: &Operations) -> Value {
    let mut paths = Map::new();
    for operation in operations.iter() {
        paths.insert(format!("/api/{}", operation.name), path_item(operation));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "daleel REST endpoints",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Named GraphQL queries served as plain URLs: the same answers, roles, visibility, limits, rate limits and caching as /graphql.",
            "license": { "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" }
        },
        "paths": paths,
        "security": [ {}, { "apiKey": [] } ],
        "components": {
            "securitySchemes": {
                "apiKey": { "type": "http", "scheme": "bearer", "description": "A daleel API key; without one the public role answers." }
            },
            "schemas": {
                "GraphQLResponse": {
                    "type": "object",
                    "properties": {
                        "data": { "type": ["object", "null"] },
                        "errors": { "type": "array", "items": { "type": "object" } }
                    }
                }
            },
            "responses": {
                "Error": {
                    "description": "A refusal or an error, with `errors[].extensions.code` saying which.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/GraphQLResponse" } } }
                }
            }
        }
    })
}
