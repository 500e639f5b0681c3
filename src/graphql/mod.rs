//! The GraphQL schema: built once at start-up and shared by every request.

pub mod connection;
pub mod context;
pub mod geojson;
pub mod loaders;
pub mod mutation;
pub mod node;
pub mod ordering;
pub mod query;
pub mod scalars;
pub mod subscription;
pub mod types;

use std::sync::Arc;

use async_graphql::{ErrorExtensions, Schema};

use crate::error::AppError;

pub type AppSchema =
    Schema<query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot>;

/// Builds the schema. Per-request data (database, viewer, loader) is attached by the
/// HTTP layer, so the schema itself holds no connections.
pub fn build_schema() -> AppSchema {
    Schema::build(
        query::QueryRoot::default(),
        mutation::MutationRoot::default(),
        subscription::SubscriptionRoot,
    )
    .finish()
}

/// The SDL the server serves, as committed in `schema.graphql`.
pub fn sdl() -> String {
    build_schema().sdl()
}

/// Turns a shared loader failure into a GraphQL error with its code.
pub fn load_error(err: Arc<AppError>) -> async_graphql::Error {
    let code = err.code();
    if matches!(*err, AppError::Internal(_) | AppError::Unavailable(_)) {
        tracing::error!(error = ?err, code, "loader failed");
    }
    async_graphql::Error::new(err.message()).extend_with(|_, ext| ext.set("code", code))
}
