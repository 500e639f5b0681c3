//! The `Node` interface and `node(id:)`: any record by its global id. Both are derived
//! from the table of record types (`records.rs`).

use async_graphql::{Context, ID, Interface, Object, Result};
use uuid::Uuid;

use crate::graphql::connection::one;
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

        /// Loads any record by type and id through the request's loader; `None` when
        /// absent, hidden, or not a record of its own.
        pub async fn load_node(ctx: &Context<'_>, node_type: NodeType, uuid: Uuid) -> Result<Option<Node>> {
            Ok(match node_type {
                $(NodeType::$variant => one::<entity::$table::Entity, $variant>(ctx, uuid)
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
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id of any type.")] id: ID,
    ) -> Result<Option<Node>> {
        let (node_type, uuid) = decode_id(&id)?;
        load_node(ctx, node_type, uuid).await
    }
}
