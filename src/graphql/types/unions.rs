//! Unions over several record types: what a source supports, what an event concerns,
//! what a search finds.

use async_graphql::Union;

use crate::graphql::node::Node;
use crate::graphql::types::*;

/// Any record that citations can support.
#[derive(Union, Clone)]
pub enum SourcedRecord {
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
    Statistic(Statistic),
    Event(Event),
    Sanction(Sanction),
    Testimony(Testimony),
}

impl SourcedRecord {
    /// The record behind a node, when it is one that citations can support.
    pub fn from_node(node: Node) -> Option<SourcedRecord> {
        Some(match node {
            Node::Agency(r) => SourcedRecord::Agency(r),
            Node::Branch(r) => SourcedRecord::Branch(r),
            Node::Facility(r) => SourcedRecord::Facility(r),
            Node::FacilityOperation(r) => SourcedRecord::FacilityOperation(r),
            Node::Person(r) => SourcedRecord::Person(r),
            Node::Alias(r) => SourcedRecord::Alias(r),
            Node::Posting(r) => SourcedRecord::Posting(r),
            Node::Organization(r) => SourcedRecord::Organization(r),
            Node::Trial(r) => SourcedRecord::Trial(r),
            Node::Verdict(r) => SourcedRecord::Verdict(r),
            Node::Charge(r) => SourcedRecord::Charge(r),
            Node::Statistic(r) => SourcedRecord::Statistic(r),
            Node::Event(r) => SourcedRecord::Event(r),
            Node::Sanction(r) => SourcedRecord::Sanction(r),
            Node::Testimony(r) => SourcedRecord::Testimony(r),
            Node::Source(_) | Node::Citation(_) => return None,
        })
    }
}

/// Any record that has a name to search for.
#[derive(Union, Clone)]
pub enum NamedRecord {
    Agency(Agency),
    Branch(Branch),
    Facility(Facility),
    Person(Person),
    Organization(Organization),
    Trial(Trial),
    Source(Source),
}

impl NamedRecord {
    /// The record behind a node, when it is a named one.
    pub fn from_node(node: Node) -> Option<NamedRecord> {
        Some(match node {
            Node::Agency(r) => NamedRecord::Agency(r),
            Node::Branch(r) => NamedRecord::Branch(r),
            Node::Facility(r) => NamedRecord::Facility(r),
            Node::Person(r) => NamedRecord::Person(r),
            Node::Organization(r) => NamedRecord::Organization(r),
            Node::Trial(r) => NamedRecord::Trial(r),
            Node::Source(r) => NamedRecord::Source(r),
            _ => return None,
        })
    }
}
