//! Domain logic and SQL. Knows nothing of GraphQL or HTTP.

pub mod access;
pub mod aggregate;
pub mod batch;
pub mod bulk;
pub mod changes;
pub mod check;
pub mod data_version;
pub mod exchange;
pub mod exposure;
pub mod fields;
pub mod filter;
pub mod keys;
pub mod lookup;
pub mod page;
pub mod page_limit;
pub mod provenance;
pub mod records;
pub mod relations;
pub mod search;
pub mod sort_copy;
pub mod text_index;
pub mod text_search;
pub mod translations;
pub mod visibility;
pub mod vocab;
pub mod write;
