//! What every operation passes before it runs, over HTTP and WebSocket alike: the
//! document it names (persisted or trusted), that it parses, the field limit, and the
//! introspection switch. Depth and complexity are checked by the schema itself.

use std::sync::Arc;

use async_graphql::parser::types::{ExecutableDocument, OperationType};

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
