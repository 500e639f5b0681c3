//! The operations served as REST endpoints: each named query of a documents file
//! (`--rest-documents`, or the trusted documents), with its variables' definitions,
//! which type and check the query string.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use async_graphql::parser::types::{
    BaseType, DocumentOperations, OperationDefinition, OperationType, Type,
};
use async_graphql::{Name, Value};

/// One variable of an operation.
#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    pub ty: Type,
    /// Its default in the document, if any.
    pub default: Option<Value>,
}

impl Variable {
    /// Whether a request must give it.
    pub fn required(&self) -> bool {
        !self.ty.nullable && self.default.is_none()
    }
}

/// A named query served at `GET /api/{name}`.
#[derive(Debug, Clone)]
pub struct Operation {
    pub name: String,
    /// The whole document it is in (its fragments with it).
    pub document: Arc<str>,
    pub variables: Vec<Variable>,
}

/// Every REST operation, by name.
#[derive(Debug, Default, Clone)]
pub struct Operations {
    by_name: BTreeMap<String, Operation>,
}

fn variables_of(operation: &OperationDefinition) -> Vec<Variable> {
    operation
        .variable_definitions
        .iter()
        .map(|v| Variable {
            name: v.node.name.node.to_string(),
            ty: v.node.var_type.node.clone(),
            default: v.node.default_value.as_ref().map(|d| d.node.clone()),
        })
        .collect()
}

impl Operations {
    /// The named queries of the documents file at `path`. A name used twice is an
    /// error; mutations and subscriptions are not served (a GET never writes).
    pub fn load(path: &Path) -> Result<Operations, String> {
        let mut operations = Operations::default();
        for (id, body) in crate::http::persisted::read_documents(path)? {
            let document = async_graphql::parser::parse_query(&body).map_err(|err| {
                format!(
                    "document `{id}` in {} does not parse: {err}",
                    path.display()
                )
            })?;
            let named: Vec<(&Name, &OperationDefinition)> = match &document.operations {
                DocumentOperations::Single(_) => Vec::new(),
                DocumentOperations::Multiple(all) => {
                    all.iter().map(|(name, op)| (name, &op.node)).collect()
                }
            };
            let text: Arc<str> = Arc::from(body.as_str());
            for (name, definition) in named {
                if definition.ty != OperationType::Query {
                    continue;
                }
                let operation = Operation {
                    name: name.to_string(),
                    document: text.clone(),
                    variables: variables_of(definition),
                };
                if operations
                    .by_name
                    .insert(operation.name.clone(), operation)
                    .is_some()
                {
                    return Err(format!(
                        "two documents in {} name an operation `{name}`; REST endpoints are named by operation",
                        path.display()
                    ));
                }
            }
        }
        Ok(operations)
    }

    pub fn get(&self, name: &str) -> Option<&Operation> {
        self.by_name.get(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Operation> {
        self.by_name.values()
    }

    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

/// The innermost named type of `ty` (`Int` of `[Int!]!`).
pub fn named_type(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => named_type(inner),
    }
}
