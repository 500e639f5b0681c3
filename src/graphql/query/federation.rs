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
use entity::*;
use uuid::Uuid;

use crate::graphql::connection::one;
use crate::graphql::types::*;
use crate::ids::{NodeType, decode_id_of};

/// The UUID of `id` when it is an id of `node_type`; `None` otherwise.
fn key_of(node_type: NodeType, id: &ID) -> Option<Uuid> {
    decode_id_of(node_type, id).ok()
}

/// Loads one entity of `E` by its federation key, through the request's loader.
async fn entity<E, T>(ctx: &Context<'_>, id: &ID) -> Result<Option<T>>
where
    E: crate::service::record::Record,
    T: From<std::sync::Arc<<E as sea_orm::EntityTrait>::Model>>,
{
    match key_of(E::NODE, id) {
        Some(uuid) => one::<E, T>(ctx, uuid).await,
        None => Ok(None),
    }
}

/// Resolves federation entity representations (`_entities`); adds no fields of its own.
#[derive(Default)]
pub struct EntityQuery;

#[Object]
impl EntityQuery {
    #[graphql(entity)]
    async fn find_facility(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Facility>> {
        entity::<facility::Entity, Facility>(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_branch(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Branch>> {
        entity::<branch::Entity, Branch>(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_agency(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Agency>> {
        entity::<agency::Entity, Agency>(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_person(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Person>> {
        entity::<person::Entity, Person>(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_trial(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Trial>> {
        entity::<trial::Entity, Trial>(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_verdict(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Verdict>> {
        entity::<verdict::Entity, Verdict>(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_organization(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Organization>> {
        entity::<organization::Entity, Organization>(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_source(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Source>> {
        entity::<source::Entity, Source>(ctx, &id).await
    }
}
