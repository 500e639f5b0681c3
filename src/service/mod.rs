//! Domain logic and SQL. Knows nothing of GraphQL or HTTP.

pub mod access;
pub mod aggregate;
pub mod batch;
pub mod changes;
pub mod exchange;
pub mod filter;
pub mod keys;
pub mod lookup;
pub mod page;
pub mod provenance;
pub mod record;
pub mod relations;
pub mod search;
pub mod validate;
pub mod write;
