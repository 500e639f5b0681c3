//! Apollo Federation v2: the records a partner subgraph may extend, keyed by `id`.
//!
//! Each `#[graphql(entity)]` method below is not a field of its own; async-graphql calls
//! it for every representation of its type in `_entities(representations:)`, all of them
//! concurrently, so they meet in the request's loader and a type costs one statement
//! however many representations name it. The lookup is `node(id:)`'s, as the same viewer.
//!
//! A representation the caller may not see (or that names no record) resolves to `null`
//! in its place in the list, as the federation spec asks: returning `None` inside
//! `Option<T>` makes async-graphql resolve the item to `null` rather than fail the whole
//! list with "Entity not found.". An id that is malformed or of another type is `null`
//! too, for the same reason: one bad representation must not blank out the others.

use async_graphql::{Context, ID, Object, Result};
use uuid::Uuid;

use crate::graphql::connection::one;
use crate::graphql::types::*;
use crate::ids::{NodeType, decode_id_of};

/// The UUID of `id` when it is an id of `node_type`; `None` otherwise.
fn key_of(node_type: NodeType, id: &ID) -> Option<Uuid> {
    decode_id_of(node_type, id).ok()
}

/// Loads one entity of `E` by its federation key, through the request's loader.
async fn find_entity<E, T>(ctx: &Context<'_>, id: &ID) -> Result<Option<T>>
where
    E: crate::service::records::Record,
    T: From<std::sync::Arc<<E as sea_orm::EntityTrait>::Model>>
        + crate::graphql::connection::ReadAt,
{
    match key_of(E::NODE, id) {
        Some(uuid) => one::<E, T>(ctx, None, uuid).await,
        None => Ok(None),
    }
}

/// Declares `EntityQuery` with one entity resolver per record type with a global id.
macro_rules! entity_query {
    ([] $($(#[$doc:meta])* $variant:ident($table:ident) { $($flags:tt)* },)*) => {
        /// Resolves federation entity representations (`_entities`); adds no fields of its own.
        #[derive(Default)]
        pub struct EntityQuery;

        #[Object]
        #[allow(non_snake_case)]
        impl EntityQuery {
            $(
                #[graphql(entity)]
                async fn $variant(&self, ctx: &Context<'_>, id: ID) -> Result<Option<$variant>> {
                    find_entity::<::entity::$table::Entity, $variant>(ctx, &id).await
                }
            )*
        }
    };
}

crate::records::records_where!(node, entity_query!);
