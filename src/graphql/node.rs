//! The `Node` interface and `node(id:)`: any record by its global id.

use async_graphql::{Context, ID, Interface, Object, Result};
use entity::*;

use crate::graphql::connection::one;
use crate::graphql::types::*;
use uuid::Uuid;

use crate::ids::{NodeType, decode_id};

/// Any record with a global id.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "Opaque global id, stable across restarts, exports and imports."
))]
pub enum Node {
    Agency(Agency),
    Branch(Branch),
    Facility(Facility),
    FacilityOperation(FacilityOperation),
    Person(Person),
    Alias(Alias),
    Posting(Posting),
    Organization(Organization),
    Trial(Trial),
    Verdict(Verdict),
    Charge(Charge),
    Source(Source),
    Citation(Citation),
    Statistic(Statistic),
    Event(Event),
    Sanction(Sanction),
    Testimony(Testimony),
}

/// Loads any record by type and id through the request's loader; `None` when absent or hidden.
pub async fn load_node(ctx: &Context<'_>, node_type: NodeType, uuid: Uuid) -> Result<Option<Node>> {
    Ok(match node_type {
        NodeType::Agency => one::<agency::Entity, Agency>(ctx, uuid)
            .await?
            .map(Node::Agency),
        NodeType::Branch => one::<branch::Entity, Branch>(ctx, uuid)
            .await?
            .map(Node::Branch),
        NodeType::Facility => one::<facility::Entity, Facility>(ctx, uuid)
            .await?
            .map(Node::Facility),
        NodeType::FacilityOperation => {
            one::<facility_operation::Entity, FacilityOperation>(ctx, uuid)
                .await?
                .map(Node::FacilityOperation)
        }
        NodeType::Person => one::<person::Entity, Person>(ctx, uuid)
            .await?
            .map(Node::Person),
        NodeType::Alias => one::<alias::Entity, Alias>(ctx, uuid)
            .await?
            .map(Node::Alias),
        NodeType::Posting => one::<posting::Entity, Posting>(ctx, uuid)
            .await?
            .map(Node::Posting),
        NodeType::Organization => one::<organization::Entity, Organization>(ctx, uuid)
            .await?
            .map(Node::Organization),
        NodeType::Trial => one::<trial::Entity, Trial>(ctx, uuid)
            .await?
            .map(Node::Trial),
        NodeType::Verdict => one::<verdict::Entity, Verdict>(ctx, uuid)
            .await?
            .map(Node::Verdict),
        NodeType::Charge => one::<charge::Entity, Charge>(ctx, uuid)
            .await?
            .map(Node::Charge),
        NodeType::Source => one::<source::Entity, Source>(ctx, uuid)
            .await?
            .map(Node::Source),
        NodeType::Citation => one::<citation::Entity, Citation>(ctx, uuid)
            .await?
            .map(Node::Citation),
        NodeType::Statistic => one::<statistic::Entity, Statistic>(ctx, uuid)
            .await?
            .map(Node::Statistic),
        NodeType::Event => one::<event::Entity, Event>(ctx, uuid)
            .await?
            .map(Node::Event),
        NodeType::Sanction => one::<sanction::Entity, Sanction>(ctx, uuid)
            .await?
            .map(Node::Sanction),
        NodeType::Testimony => one::<testimony::Entity, Testimony>(ctx, uuid)
            .await?
            .map(Node::Testimony),
        // Internal rows, not records of their own.
        NodeType::EventLink | NodeType::NameKey | NodeType::AuditLog => None,
    })
}

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
