//! A REST request's query string as the operation's variables, typed by their
//! definitions: `?first=5&kind=PRISON&ids=a&ids=b`. A scalar is read as its type says
//! (`Int`, `Float`, `Boolean`, `String`, `ID`); an enum value is its name; a list is the
//! parameter repeated (or a JSON array); an input object is JSON. The server's GraphQL
//! validation then checks the values as it checks any request's.

use async_graphql::parser::types::{BaseType, Type};
use serde_json::{Map, Value};

use crate::http::rest::operations::{Operation, named_type};

/// Parameters of the endpoint that are not variables.
pub const RESERVED: [&str; 1] = ["bom"];

fn scalar(text: &str, ty: &Type, name: &str) -> Result<Value, String> {
    let type_name = named_type(ty);
    let bad = |what: &str| format!("`{name}` must be {what} ({ty}); `{text}` is not one");
    Ok(match type_name {
        "Int" => Value::from(text.trim().parse::<i64>().map_err(|_| bad("an integer"))?),
        "Float" => {
            let number: f64 = text.trim().parse().map_err(|_| bad("a number"))?;
            serde_json::Number::from_f64(number)
                .map(Value::Number)
                .ok_or_else(|| bad("a finite number"))?
        }
        "Boolean" => match text.trim() {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => return Err(bad("true or false")),
        },
        "String" | "ID" => Value::String(text.to_owned()),
        // An enum value by its name, or an input object (or a custom scalar) as JSON.
        _ if text.trim_start().starts_with('{') => {
            serde_json::from_str(text).map_err(|e| format!("`{name}` must be JSON of {ty}: {e}"))?
        }
        _ => Value::String(text.to_owned()),
    })
}

fn value(texts: &[&str], ty: &Type, name: &str) -> Result<Value, String> {
    match &ty.base {
        BaseType::List(inner) => {
            // One JSON array, or the parameter repeated.
            if let [one] = texts
                && one.trim_start().starts_with('[')
            {
                return serde_json::from_str(one)
                    .map_err(|e| format!("`{name}` must be a JSON array of {inner}: {e}"));
            }
            texts
                .iter()
                .map(|t| value(&[t], inner, name))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        BaseType::Named(_) => match texts {
            [one] => scalar(one, ty, name),
            _ => Err(format!(
                "`{name}` is given {} times; it takes one value ({ty})",
                texts.len()
            )),
        },
    }
}

/// The variables of `operation` from the query string's `pairs`; an unknown parameter,
/// a missing required variable or a value of the wrong type is an error that says so.
pub fn from_pairs(
    operation: &Operation,
    pairs: &[(String, String)],
) -> Result<Map<String, Value>, String> {
    let takes = || {
        let names: Vec<String> = operation
            .variables
            .iter()
            .map(|v| format!("{}: {}", v.name, v.ty))
            .collect();
        if names.is_empty() {
            "it takes no parameters".to_owned()
        } else {
            format!("it takes {}", names.join(", "))
        }
    };
    if let Some((unknown, _)) = pairs.iter().find(|(k, _)| {
        !RESERVED.contains(&k.as_str()) && !operation.variables.iter().any(|v| &v.name == k)
    }) {
        return Err(format!(
            "`{}` has no parameter `{unknown}`; {}",
            operation.name,
            takes()
        ));
    }
    let mut variables = Map::new();
    for variable in &operation.variables {
        let texts: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| k == &variable.name)
            .map(|(_, v)| v.as_str())
            .collect();
        if texts.is_empty() {
            if variable.required() {
                return Err(format!(
                    "`{}` needs the parameter `{}` ({}); {}",
                    operation.name,
                    variable.name,
                    variable.ty,
                    takes()
                ));
            }
            continue;
        }
        variables.insert(
            variable.name.clone(),
            value(&texts, &variable.ty, &variable.name)?,
        );
    }
    Ok(variables)
}
