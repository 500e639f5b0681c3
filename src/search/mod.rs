//! Text folding for search: the same normalisation applies to stored names and to queries.

pub mod normalize;
pub mod text;
