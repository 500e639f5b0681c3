//! Unions over several record types, derived from the table of record types
//! (`records.rs`): what a source supports, what a search finds.

use async_graphql::Union;

use crate::graphql::node::Node;
use crate::graphql::types::*;

/// Declares a union over the selected record types and its conversion from `Node`.
macro_rules! record_union {
    ([$(#[$udoc:meta])* $name:ident] $($(#[$doc:meta])* $variant:ident($table:ident) { $($flags:tt)* },)*) => {
        $(#[$udoc])*
        #[derive(Union, Clone)]
        pub enum $name {
            $($variant($variant),)*
        }

        impl $name {
            /// The record behind a node, when it is one of this union's types.
            pub fn from_node(node: Node) -> Option<$name> {
                match node {
                    $(Node::$variant(r) => Some($name::$variant(r)),)*
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    };
}

crate::records::records_where!(citable, record_union! /// Any record that citations can support.
    SourcedRecord);
crate::records::records_where!(named, record_union! /// Any record that has a name to search for.
    NamedRecord);
