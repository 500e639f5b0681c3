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

        /// The record of `node_type` a stored image (an audit after-image) describes.
        pub fn node_of_image(node_type: NodeType, image: serde_json::Value) -> Result<Option<Node>> {
            Ok(match node_type {
                $(NodeType::$variant => Some(Node::$variant($variant::from(
                    serde_json::from_value::<entity::$table::Model>(image)
                        .map_err(crate::error::AppError::internal)?,
                ))),)*
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
    /// With `asOf`, the record as it was at that instant (see docs/api.md): null when it
    /// did not exist yet or was archived then.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id of any type.")] id: ID,
        #[graphql(
            desc = "An instant: the record's own fields as they were then, from its history (its relations are read as they are now)."
        )]
        as_of: Option<crate::graphql::scalars::DateTime>,
    ) -> Result<Option<Node>> {
        let (node_type, uuid) = decode_id(&id)?;
        let Some(at) = as_of else {
            return load_node(ctx, node_type, uuid).await;
        };
        let state = crate::graphql::context::RequestState::of(ctx)?;
        match crate::service::as_of::image_at(&state.db, state.viewer, node_type, uuid, at.0)
            .await?
        {
            Some(image) => node_of_image(node_type, serde_json::Value::Object(image)),
            None => Ok(None),
        }
    }
}
