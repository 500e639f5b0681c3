//! The one table of record types. Everything that must list every kind of record —
//! global ids and `node(id:)`, the subscription's record type, what citations may
//! support, what search indexes, exchange tables, federation entities, the mutation
//! root, the visibility graph — is derived from [`for_each_record!`], so adding a type
//! means adding a line here (see `docs/architecture.md` for the other four places).
//!
//! Order matters: it is the order in which a dataset is written (every reference points
//! at a type listed earlier, except aliases and citations, which may point at anything
//! and come last) and the order in which visibility is derived.
//!
//! Each entry is `Variant(table) { node, citable, named }`:
//! - `node: yes` for records with a global id of their own (`node(id:)`, federation,
//!   subscriptions, archive and restore); event links are parts of their event;
//! - `citable: yes` for records a citation may support;
//! - `named: yes` for records search finds by name and aliases.

/// Calls `callback!` with `[args] entries`, one entry per record type, in dependency
/// order: `/// doc Variant(table) { node: yes|no, citable: yes|no, named: yes|no },`.
/// The callback is a path (`crate::module::name!`); `args` are handed through as they are.
macro_rules! for_each_record {
    ($($callback:ident)::+ ! $($args:tt)*) => {
        $($callback)::+ ! { [$($args)*]
            /// A court, prosecutor, NGO, UN body, news organization or government.
            Organization(organization) { node: yes, citable: yes, named: yes },
            /// A document that records cite.
            Source(source) { node: yes, citable: yes, named: yes },
            /// A fixed copy of a source's content.
            Capture(capture) { node: yes, citable: no, named: no },
            /// A state security body.
            Agency(agency) { node: yes, citable: yes, named: yes },
            /// A unit of an agency, or of another branch.
            Branch(branch) { node: yes, citable: yes, named: yes },
            /// A place where people were held.
            Facility(facility) { node: yes, citable: yes, named: yes },
            /// A period in which a branch ran a facility.
            FacilityOperation(facility_operation) { node: yes, citable: yes, named: no },
            /// Anyone the record speaks of.
            Person(person) { node: yes, citable: yes, named: yes },
            /// A person's position in a branch.
            Posting(posting) { node: yes, citable: yes, named: no },
            /// A proceeding before a court.
            Trial(trial) { node: yes, citable: yes, named: yes },
            /// One defendant's judgment.
            Verdict(verdict) { node: yes, citable: yes, named: no },
            /// What a defendant was charged with or convicted of.
            Charge(charge) { node: yes, citable: yes, named: no },
            /// A figure a source claims.
            Statistic(statistic) { node: yes, citable: yes, named: no },
            /// Something that happened on a date.
            Event(event) { node: yes, citable: yes, named: no },
            /// A record an event concerns (a part of its event).
            EventLink(event_link) { node: no, citable: no, named: no },
            /// A listing of a branch or person by an authority.
            Sanction(sanction) { node: yes, citable: yes, named: no },
            /// A witness's account.
            Testimony(testimony) { node: yes, citable: yes, named: no },
            /// Another name of a record.
            Alias(alias) { node: yes, citable: yes, named: no },
            /// A link from a record to a source.
            Citation(citation) { node: yes, citable: no, named: no },
        }
    };
}
pub(crate) use for_each_record;

/// Calls `callback!` like [`for_each_record!`], with only the entries whose `flag`
/// (`node`, `citable` or `named`) is `yes`.
macro_rules! records_where {
    ($flag:ident, $($callback:ident)::+ ! $($args:tt)*) => {
        $crate::records::for_each_record! {
            $crate::records::records_where! @select $flag [$($callback)::+] [$($args)*]
        }
    };
    ([@select $flag:ident [$($callback:ident)::+] [$($args:tt)*]] $($entries:tt)*) => {
        $crate::records::records_where! { @munch $flag [$($callback)::+] [$($args)*] [] $($entries)* }
    };
    (@munch $flag:ident [$($callback:ident)::+] [$($args:tt)*] [$($kept:tt)*]) => {
        $($callback)::+ ! { [$($args)*] $($kept)* }
    };
    (@munch $flag:ident $callback:tt $args:tt [$($kept:tt)*]
        $(#[$doc:meta])* $variant:ident($table:ident) { node: $node:ident, citable: $citable:ident, named: $named:ident },
        $($rest:tt)*
    ) => {
        $crate::records::records_where! { @keep $flag { node: $node, citable: $citable, named: $named }
            $callback $args [$($kept)*] [$(#[$doc])* $variant($table) { node: $node, citable: $citable, named: $named },]
            $($rest)*
        }
    };
    (@keep node { node: yes, $($flags:tt)* } $callback:tt $args:tt [$($kept:tt)*] [$($entry:tt)*] $($rest:tt)*) => {
        $crate::records::records_where! { @munch node $callback $args [$($kept)* $($entry)*] $($rest)* }
    };
    (@keep citable { node: $node:ident, citable: yes, $($flags:tt)* } $callback:tt $args:tt [$($kept:tt)*] [$($entry:tt)*] $($rest:tt)*) => {
        $crate::records::records_where! { @munch citable $callback $args [$($kept)* $($entry)*] $($rest)* }
    };
    (@keep named { node: $node:ident, citable: $citable:ident, named: yes } $callback:tt $args:tt [$($kept:tt)*] [$($entry:tt)*] $($rest:tt)*) => {
        $crate::records::records_where! { @munch named $callback $args [$($kept)* $($entry)*] $($rest)* }
    };
    (@keep $flag:ident $flags:tt $callback:tt $args:tt $kept:tt $entry:tt $($rest:tt)*) => {
        $crate::records::records_where! { @munch $flag $callback $args $kept $($rest)* }
    };
}
pub(crate) use records_where;

/// `match node { NodeType::Agency => { type E = entity::agency::Entity; body } … }` over
/// every record type; `otherwise` for the internal rows (search keys, audit entries).
macro_rules! on_record_type {
    ([@arms ($node:expr) ($E:ident) ($body:expr) ($otherwise:expr)]
        $($(#[$doc:meta])* $variant:ident($table:ident) { $($flags:tt)* },)*
    ) => {
        match $node {
            $($crate::records::NodeType::$variant => {
                #[allow(dead_code)]
                type $E = ::entity::$table::Entity;
                $body
            })*
            _ => $otherwise,
        }
    };
    ($node:expr, $E:ident => $body:expr, otherwise => $otherwise:expr $(,)?) => {
        $crate::records::for_each_record!(
            $crate::records::on_record_type! @arms ($node) ($E) ($body) ($otherwise)
        )
    };
}
pub(crate) use on_record_type;

/// Declares `NodeType` from the table, plus the internal rows that have ids of their own.
macro_rules! node_type {
    ([] $($(#[$doc:meta])* $variant:ident($table:ident) { node: $node:ident, citable: $citable:ident, named: $named:ident },)*) => {
        /// Every kind of row that has a global id: the record types of the table, and two
        /// internal ones (search keys and audit entries).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum NodeType {
            $($(#[$doc])* $variant,)*
            /// A row of the search index; not exposed, but ids are typed like every record's.
            NameKey,
            /// One entry of the audit log.
            AuditLog,
        }

        impl NodeType {
            /// Every type, record types first in dependency order.
            pub const ALL: &'static [NodeType] = &[$(NodeType::$variant,)* NodeType::NameKey, NodeType::AuditLog];

            /// The record types, in dependency order (the order datasets are written in).
            pub const RECORDS: &'static [NodeType] = &[$(NodeType::$variant,)*];

            /// The GraphQL type name, which is also the id prefix.
            pub fn name(self) -> &'static str {
                match self {
                    $(NodeType::$variant => stringify!($variant),)*
                    NodeType::NameKey => "NameKey",
                    NodeType::AuditLog => "AuditEntry",
                }
            }

            /// The table, which is also the `subject_type` value that points at this type.
            pub fn table(self) -> &'static str {
                match self {
                    $(NodeType::$variant => stringify!($table),)*
                    NodeType::NameKey => "name_key",
                    NodeType::AuditLog => "audit_log",
                }
            }

            /// Whether it is a record with a global id of its own (`node(id:)`).
            pub fn is_node(self) -> bool {
                match self {
                    $(NodeType::$variant => node_type!(@yes $node),)*
                    _ => false,
                }
            }

            /// Whether citations may support it.
            pub fn is_citable(self) -> bool {
                match self {
                    $(NodeType::$variant => node_type!(@yes $citable),)*
                    _ => false,
                }
            }

            /// Whether search finds it by its name and aliases.
            pub fn is_named(self) -> bool {
                match self {
                    $(NodeType::$variant => node_type!(@yes $named),)*
                    _ => false,
                }
            }

            /// The type whose table (or `subject_type` value) is `table`.
            pub fn from_table(table: &str) -> Option<NodeType> {
                NodeType::ALL.iter().copied().find(|t| t.table() == table)
            }

            /// The type whose GraphQL name is `name`.
            pub fn from_name(name: &str) -> Option<NodeType> {
                NodeType::ALL.iter().copied().find(|t| t.name() == name)
            }
        }
    };
    (@yes yes) => { true };
    (@yes no) => { false };
}

for_each_record!(node_type!);

/// The record types citations may support, in table order.
pub fn citable() -> impl Iterator<Item = NodeType> {
    NodeType::RECORDS.iter().copied().filter(|t| t.is_citable())
}

/// The record types search finds by name, in table order.
pub fn named() -> impl Iterator<Item = NodeType> {
    NodeType::RECORDS.iter().copied().filter(|t| t.is_named())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_reads_back_from_its_name_and_table() {
        for t in NodeType::ALL {
            assert_eq!(NodeType::from_name(t.name()), Some(*t));
            assert_eq!(NodeType::from_table(t.table()), Some(*t));
        }
        assert_eq!(NodeType::AuditLog.name(), "AuditEntry");
        assert!(!NodeType::EventLink.is_node());
        assert!(NodeType::Alias.is_citable() && !NodeType::Citation.is_citable());
        assert_eq!(named().count(), 7);
        assert_eq!(citable().count(), 16);
    }

    macro_rules! count {
        ([] $($(#[$doc:meta])* $variant:ident($table:ident) { $($flags:tt)* },)*) => {
            [$(stringify!($variant)),*].len()
        };
    }

    #[test]
    fn the_selection_keeps_only_flagged_entries() {
        assert_eq!(records_where!(node, count!), 18);
        assert_eq!(records_where!(citable, count!), 16);
        assert_eq!(records_where!(named, count!), 7);
        assert_eq!(for_each_record!(count!), 19);
    }
}
