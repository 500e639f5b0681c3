//! The `Node` interface and `node(id:)`: any record by its global id. Both are derived
//! from the table of record types (`records.rs`).

use async_graphql::{Context, ID, Interface, Object, Result};
use uuid::Uuid;

use crate::graphql::connection::{AsOf, one};
use crate::graphql::types::*;
use crate::ids::{NodeType, decode_id};

/// Declares the `Node` interface over every record type with a global id, and the loader
/// of any of them.
macro_rules! node_interface {
    ([] $($(#[$doc:meta])* $variant:ident($table:ident) { $($flags:tt)* },)*) => {
        /// Any record with a global id.
        #[derive(Interface, Clone)]
        #[graphql(field(
            name = "id",
            ty = "ID",
            desc = "Opaque global id, stable across restarts, exports and imports."
        ))]
        pub enum Node {
            $($variant($variant),)*
        }

        /// Loads any record by type and id through the request's loader, as it is now or
        /// as it was at `at`; `None` when absent, hidden, or not a record of its own.
        pub async fn load_node(ctx: &Context<'_>, at: AsOf, node_type: NodeType, uuid: Uuid) -> Result<Option<Node>> {
            Ok(match node_type {
                $(NodeType::$variant => one::<entity::$table::Entity, $variant>(ctx, at, uuid)
                    .await?
                    .map(Node::$variant),)*
                _ => None,
            })
        }
    };
}

crate::records::records_where!(node, node_interface!);

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any record by its global id; null when no such record exists or you may not see it.
    /// With `asOf`, the record as it was at that instant, and everything read through it
    /// as it was then too (see docs/api.md): null when it did not exist yet or was
    /// archived then.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id of any type.")] id: ID,
        #[graphql(
            desc = "An instant: the record as it was then, from its versions, with its relations as they were then too."
        )]
        as_of: Option<crate::graphql::scalars::DateTime>,
    ) -> Result<Option<Node>> {
        let (node_type, uuid) = decode_id(&id)?;
        load_node(ctx, as_of.map(|at| at.0), node_type, uuid).await
    }
}
