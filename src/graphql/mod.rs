//! The GraphQL schema: built once at start-up and shared by every request.

pub mod active;
pub mod batcher;
pub mod connection;
pub mod context;
pub mod federation_sdl;
pub mod geojson;
pub mod inline;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod node;
pub mod nulls;
pub mod ordering;
pub mod produced;
pub mod query;
pub mod scalars;
pub mod subscription;
pub mod types;

use std::sync::Arc;

use async_graphql::{ErrorExtensions, Schema};

use crate::config::Settings;
use crate::error::AppError;

pub type AppSchema =
    Schema<query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot>;

/// Builds the schema with the limits in `settings`. Per-request data (database,
/// viewer, loader) is attached by the HTTP layer, so the schema holds no connections.
/// It is also an Apollo Federation v2 subgraph (`_service`, `_entities`; see
/// `query/federation.rs`).
pub fn build_schema(settings: &Settings) -> AppSchema {
    let mut builder = Schema::build(
        query::QueryRoot::default(),
        mutation::MutationRoot::default(),
        subscription::SubscriptionRoot,
    )
    .enable_federation()
    .data(crate::evidence::Store::new(settings.evidence_dir.clone()))
    .limit_depth(settings.max_depth as usize)
    .limit_complexity(usize::try_from(settings.max_complexity).unwrap_or(usize::MAX));
    if settings.disable_introspection {
        builder = builder.disable_introspection();
    }
    builder.finish()
}

/// The SDL the server serves, as committed in `schema.graphql`.
pub fn sdl() -> String {
    build_schema(&Settings::new("", "")).sdl()
}

/// The federation SDL that `_service { sdl }` returns, as committed in
/// `schema.federation.graphql`: what a gateway composes with its other subgraphs (see
/// `federation_sdl.rs`).
pub fn federation_sdl() -> String {
    federation_sdl::served()
}

/// Turns a shared loader failure into a GraphQL error with its code.
pub fn load_error(err: Arc<AppError>) -> async_graphql::Error {
    let code = err.code();
    if matches!(*err, AppError::Internal(_) | AppError::Unavailable(_)) {
        tracing::error!(error = ?err, code, "loader failed");
    }
    async_graphql::Error::new(err.message()).extend_with(|_, ext| ext.set("code", code))
}
