//! GraphQL object types. Each wraps one SeaORM model; relations resolve through the
//! request's loader (see `connection.rs`), never by querying per parent.

mod agency;
mod branch;
mod capture;
mod charge;
mod citation;
mod command;
mod enums;
mod event;
mod facility;
mod facility_operation;
mod filters;
mod history;
mod i18n;
mod organization;
mod person;
mod pinpoint;
mod posting;
mod sanction;
mod search;
mod source;
mod statistic;
mod testimony;
mod text_search;
mod timeline;
mod trial;
mod unions;
mod verdict;

pub use agency::Agency;
pub use branch::Branch;
pub use capture::{Capture, CaptureVerification, CustodyEntry, FileProblem};
pub use charge::Charge;
pub use citation::{Alias, Citation, citations_of};
pub use command::{
    ChainBreak, CommandChain, CommandLevel, MAX_COMMANDERS as COMMAND_MAX_COMMANDERS,
    MAX_DEPTH as COMMAND_MAX_DEPTH,
};
pub use enums::*;
pub use event::Event;
pub use facility::Facility;
pub use facility_operation::FacilityOperation;
pub use filters::*;
pub use history::{Change, RecordVersion};
pub use i18n::{
    ArabicMonthNames, DigitStyle, Label, Language, Translation, date_style, language_of, text_in,
    translations_of,
};
pub use organization::Organization;
pub use person::Person;
pub use pinpoint::Pinpoint;
pub use posting::Posting;
pub use sanction::Sanction;
pub use search::{SearchHit, SearchableType};
pub use source::Source;
pub use statistic::Statistic;
pub use testimony::Testimony;
pub use text_search::TextSearchHit;
pub use timeline::{TimelineEntry, TimelineRecord};
pub use trial::Trial;
pub use unions::{NamedRecord, SourcedRecord};
pub use verdict::Verdict;

/// How many aliases or citations one record returns (they are lists, not connections).
pub const MAX_LIST_ITEMS: u32 = 500;

/// Declares a GraphQL object over an entity model, with the fields every record has
/// (`id`, `createdAt`, `updatedAt`, `citations`; `aliases` for `named` records), the
/// type's own fields, and its paginated relations (`connections { field: Node = Relation }`),
/// which all take the same documented Relay arguments and load through the request's loader,
/// and its lists of dated records (`dated { field(at: String): Node = Relation }`, `at`
/// required, or `Option<String>`), which also take a date and a least certainty, and
/// other paged lists a function builds (`lists { field: Node = function }`).
/// `Name(module, Extra)` adds a second field of type `Extra` (its default when built from
/// a model) for what a parent hands down; `[serial]` after the name passes arguments to
/// `#[Object]`.
macro_rules! record_object {
    (
        $(#[$doc:meta])* named $name:ident($module:ident) { $($body:tt)* }
        $(connections { $($connections:tt)* })?
        $(dated { $($dated:tt)* })?
        $(lists { $($lists:tt)* })?
    ) => {
        crate::graphql::types::record_object! {
            $(#[$doc])* $name($module) {
                /// Other names of this record: Arabic script, transliterations,
                /// abbreviations, redacted forms as court reporting uses them.
                async fn aliases(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                ) -> async_graphql::Result<Vec<crate::graphql::inline::Inline<crate::graphql::types::Alias>>> {
                    let aliases: Vec<crate::graphql::types::Alias> =
                        crate::graphql::connection::all_children(
                            ctx,
                            self.1,
                            crate::service::relations::SubjectAliases,
                            self.0.id,
                            crate::graphql::types::MAX_LIST_ITEMS,
                        )
                        .await?;
                    Ok(aliases.into_iter().map(crate::graphql::inline::Inline).collect())
                }
                $($body)*
            }
            connections { $($($connections)*)? }
            dated { $($($dated)*)? }
            lists { $($($lists)*)? }
        }
    };
    (
        $(#[$doc:meta])* $name:ident($module:ident $(, $extra:ty)?) $([$($object_args:tt)*])? { $($body:tt)* }
        $(connections { $($(#[$cdoc:meta])* $field:ident: $node:ident = $relation:ident),* $(,)? })?
        $(dated { $($(#[$ddoc:meta])* $dfield:ident(at: $at:ty): $dnode:ident = $drelation:ident),* $(,)? })?
        $(lists { $($(#[$ldoc:meta])* $lfield:ident: $lnode:ident = $lfn:path),* $(,)? })?
    ) => {
        $(#[$doc])*
        // Shared, not copied: a connection hands out each record as a node and as an
        // edge, and the loader hands one record to every field that asked for it.
        // The instant it was read as of (`asOf`) comes second: its relations are read
        // as of it too.
        #[derive(Clone)]
        pub struct $name(
            pub std::sync::Arc<entity::$module::Model>,
            pub crate::graphql::connection::AsOf
            $(, pub $extra)?
        );

        impl From<entity::$module::Model> for $name {
            fn from(model: entity::$module::Model) -> Self {
                $name::from(std::sync::Arc::new(model))
            }
        }

        impl From<std::sync::Arc<entity::$module::Model>> for $name {
            fn from(model: std::sync::Arc<entity::$module::Model>) -> Self {
                $name(model, None $(, <$extra>::default())?)
            }
        }

        impl crate::graphql::connection::ReadAt for $name {
            fn read_at(mut self, at: crate::graphql::connection::AsOf) -> Self {
                self.1 = at;
                self
            }
        }

        $(#[$doc])*
        #[async_graphql::Object($($($object_args)*)?)]
        impl $name {
            /// Opaque global id, stable across restarts, exports and imports.
            pub async fn id(&self) -> async_graphql::ID {
                async_graphql::ID(crate::ids::encode_id(
                    <entity::$module::Entity as crate::service::records::Record>::NODE,
                    self.0.id,
                ))
            }

            /// The record's version, raised by every change; send it back as
            /// `expectedVersion` when you update, so no one's edit is overwritten unseen.
            async fn version(&self) -> i32 {
                self.0.version
            }

            /// Who may read this record.
            async fn visibility(&self) -> async_graphql::Result<crate::graphql::types::Visibility> {
                crate::graphql::types::Visibility::from_db(&self.0.visibility)
            }

            /// When this record was first stored.
            async fn created_at(&self) -> crate::graphql::scalars::DateTime {
                crate::graphql::scalars::DateTime(self.0.created_at)
            }

            /// When this record was last changed.
            async fn updated_at(&self) -> crate::graphql::scalars::DateTime {
                crate::graphql::scalars::DateTime(self.0.updated_at)
            }

            /// Every text of this record in every language it has, with whether each is
            /// the original or a (reviewed or unreviewed) translation and who translated
            /// it: how a client tells a text in the language it asked for from one that
            /// fell back to the other. Empty for records without translatable text.
            async fn translations(&self) -> Vec<crate::graphql::types::Translation> {
                crate::graphql::types::translations_of::<entity::$module::Entity>(&self.0)
            }

            /// This record's versions, oldest first: when, by which role, why, and what
            /// each changed, as you may see them (versions in which it was hidden from
            /// you are left out, and so are values that would reveal what is hidden).
            #[graphql(complexity = "crate::graphql::limits::page_weight(first, last, child_complexity)")]
            async fn history(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "The first this many versions (after `after`); at most the page-size cap.")]
                first: Option<i32>,
                #[graphql(desc = "Start after the version with this cursor.")]
                after: Option<String>,
                #[graphql(desc = "The last this many versions (before `before`); at most the page-size cap.")]
                last: Option<i32>,
                #[graphql(desc = "End before the version with this cursor.")]
                before: Option<String>,
            ) -> async_graphql::Result<crate::graphql::connection::Connection<crate::graphql::types::RecordVersion>> {
                crate::graphql::types::history::history_of(
                    ctx,
                    <entity::$module::Entity as crate::service::records::Record>::NODE,
                    self.0.id,
                    crate::graphql::connection::Paging::new(first, after, last, before),
                )
                .await
            }

            /// The sources behind this record, each with the quoted passage and how sure
            /// it is.
            async fn citations(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "Keep only the citations that support this field of the record (e.g. `status`); all when omitted.")]
                field: Option<String>,
            ) -> async_graphql::Result<Vec<crate::graphql::inline::Inline<crate::graphql::types::Citation>>> {
                crate::graphql::types::citations_of(ctx, self.1, self.0.id, field).await
            }

            $($body)*

            $($(
                $(#[$cdoc])*
                #[graphql(complexity = "crate::graphql::limits::page_weight(first, last, child_complexity)")]
                async fn $field(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    #[graphql(desc = "The first this many records (after `after`); at most the page-size cap.")]
                    first: Option<i32>,
                    #[graphql(desc = "Start after the record with this cursor.")]
                    after: Option<String>,
                    #[graphql(desc = "The last this many records (before `before`); at most the page-size cap.")]
                    last: Option<i32>,
                    #[graphql(desc = "End before the record with this cursor.")]
                    before: Option<String>,
                    #[graphql(desc = "Ordering; by name (or the type's main label) when omitted.")]
                    order_by: Option<crate::graphql::types::OrderBy>,
                ) -> async_graphql::Result<crate::graphql::connection::Connection<$node>> {
                    let paging = crate::graphql::connection::Paging::new(first, after, last, before);
                    crate::graphql::connection::children::<_, $node>(
                        ctx,
                        self.1,
                        crate::service::relations::$relation,
                        self.0.id,
                        order_by.into(),
                        paging,
                    )
                    .await
                }
            )*)?

            $($(
                $(#[$ldoc])*
                #[graphql(complexity = "crate::graphql::limits::page_weight(first, last, child_complexity)")]
                async fn $lfield(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    #[graphql(desc = "The first this many entries (after `after`); at most the page-size cap.")]
                    first: Option<i32>,
                    #[graphql(desc = "Start after the entry with this cursor.")]
                    after: Option<String>,
                    #[graphql(desc = "The last this many entries (before `before`); at most the page-size cap.")]
                    last: Option<i32>,
                    #[graphql(desc = "End before the entry with this cursor.")]
                    before: Option<String>,
                ) -> async_graphql::Result<crate::graphql::connection::Connection<$lnode>> {
                    $lfn(ctx, self.1, self.0.id, crate::graphql::connection::Paging::new(first, after, last, before)).await
                }
            )*)?

            $($(
                $(#[$ddoc])*
                #[allow(clippy::too_many_arguments)]
                #[graphql(complexity = "crate::graphql::limits::page_weight(first, last, child_complexity)")]
                async fn $dfield(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    #[graphql(desc = "Only those active at this date (EDTF: `2012`, `2012-03`, `2012-03-15`, `2011-06/2011-08`), each with its `certainty`; where it may be omitted, all.")]
                    at: $at,
                    #[graphql(desc = "With `at`: `CERTAIN` keeps only those certainly active throughout the date; `POSSIBLE` (the default) keeps those possibly active too.")]
                    certainty: Option<crate::graphql::types::Certainty>,
                    #[graphql(desc = "The first this many records (after `after`); at most the page-size cap.")]
                    first: Option<i32>,
                    #[graphql(desc = "Start after the record with this cursor.")]
                    after: Option<String>,
                    #[graphql(desc = "The last this many records (before `before`); at most the page-size cap.")]
                    last: Option<i32>,
                    #[graphql(desc = "End before the record with this cursor.")]
                    before: Option<String>,
                    #[graphql(desc = "Ordering; by name (or the type's main label) when omitted.")]
                    order_by: Option<crate::graphql::types::OrderBy>,
                ) -> async_graphql::Result<crate::graphql::connection::Connection<$dnode>> {
                    crate::graphql::active::dated_children::<_, $dnode>(
                        ctx,
                        self.1,
                        crate::service::relations::$drelation,
                        self.0.id,
                        crate::graphql::active::AskedAt {
                            at: crate::graphql::active::AtArgument::text(&at),
                            certainty,
                        },
                        order_by.into(),
                        crate::graphql::connection::Paging::new(first, after, last, before),
                    )
                    .await
                }
            )*)?
        }
    };
}
pub(crate) use record_object;
