//! Relay connections over `service::page::Page`, and the helpers every list field
//! uses: decode the arguments, load through the request's loader, wrap the page.

use std::sync::Arc;

use async_graphql::{Context, OutputType, SimpleObject};
use sea_orm::{Condition, EntityTrait};
use uuid::Uuid;

use crate::graphql::context::RequestState;
use crate::graphql::inline::Joined;
use crate::graphql::loaders::{ChildPage, RequestLoader};
use crate::graphql::query::AuditEntry;
use crate::graphql::types::*;
use crate::ids::{decode_cursor, encode_cursor};
use crate::service::lookup;
use crate::service::page::{Page, PageArgs, Window};
use crate::service::records::{Record, Sort};
use crate::service::relations::ToMany;

/// The instant a record was read as of (`asOf`), which it hands to everything read
/// through it; `None` for a record read as it is now.
pub type AsOf = Option<chrono::DateTime<chrono::Utc>>;

/// A record object that carries the instant it was read as of, so that its relations
/// are read as of the same instant.
pub trait ReadAt {
    /// This record, read as of `at`.
    fn read_at(self, at: AsOf) -> Self;
}

/// An event's links are read as parts of their event, which hands its instant to the
/// records they lead to.
impl ReadAt for entity::event_link::Model {
    fn read_at(self, _: AsOf) -> Self {
        self
    }
}

/// A GraphQL type that has a Relay connection type (`FacilityConnection` for `Facility`).
pub trait HasConnection: OutputType + Clone + Sized {
    type Connection: OutputType;
    /// The page `items` (each with its position in the whole list) of a list of `kind`.
    fn connection(
        kind: &'static str,
        items: Vec<(u64, Self)>,
        page_info: PageInfo,
        total_count: Option<u64>,
    ) -> Self::Connection;
}

/// The connection type of `T`, e.g. `Connection<Facility>` is `FacilityConnection`.
pub type Connection<T> = <T as HasConnection>::Connection;

/// Declares `<T>Connection` and `<T>Edge` for a node type. Edges and their cursors are
/// built only when a query asks for `edges`: most nested lists ask only for `nodes`.
macro_rules! connection {
    ($node:ident, $connection:ident, $edge:ident) => {
        #[doc = concat!("A page of ", stringify!($node), " records, in the Relay connection shape.")]
        pub struct $connection {
            kind: &'static str,
            items: Vec<(u64, $node)>,
            page_info: PageInfo,
            /// `None` when the list was read without counting it (the query did not
            /// ask for `totalCount`).
            total_count: Option<u64>,
        }

        #[doc = concat!("A page of ", stringify!($node), " records, in the Relay connection shape.")]
        #[async_graphql::Object]
        impl $connection {
            /// The records on this page, each with the cursor that points at it.
            async fn edges(&self) -> Vec<$edge> {
                self.items
                    .iter()
                    .map(|(index, node)| $edge {
                        cursor: encode_cursor(self.kind, *index),
                        node: node.clone(),
                    })
                    .collect()
            }

            /// The records on this page, for clients that need no cursors.
            async fn nodes(&self) -> Vec<Joined<$node>> {
                self.items.iter().map(|(_, node)| Joined(node.clone())).collect()
            }

            /// Where this page sits in the whole list.
            async fn page_info(&self) -> &PageInfo {
                &self.page_info
            }

            /// How many records the whole list holds (all pages, only those the caller may see).
            async fn total_count(&self) -> async_graphql::Result<u64> {
                self.total_count.ok_or_else(|| {
                    async_graphql::Error::new("totalCount was not counted for this list; this is a server bug")
                })
            }
        }

        #[doc = concat!("One ", stringify!($node), " in a connection, with its cursor.")]
        #[derive(SimpleObject)]
        pub struct $edge {
            /// Opaque position of this record; pass it as `after` or `before`.
            pub cursor: String,
            /// The record.
            pub node: $node,
        }

        impl HasConnection for $node {
            type Connection = $connection;
            fn connection(
                kind: &'static str,
                items: Vec<(u64, Self)>,
                page_info: PageInfo,
                total_count: Option<u64>,
            ) -> $connection {
                $connection {
                    kind,
                    items,
                    page_info,
                    total_count,
                }
            }
        }
    };
}

connection!(Agency, AgencyConnection, AgencyEdge);
connection!(Branch, BranchConnection, BranchEdge);
connection!(Capture, CaptureConnection, CaptureEdge);
connection!(Facility, FacilityConnection, FacilityEdge);
connection!(
    FacilityOperation,
    FacilityOperationConnection,
    FacilityOperationEdge
);
connection!(Person, PersonConnection, PersonEdge);
connection!(Posting, PostingConnection, PostingEdge);
connection!(Organization, OrganizationConnection, OrganizationEdge);
connection!(Trial, TrialConnection, TrialEdge);
connection!(Verdict, VerdictConnection, VerdictEdge);
connection!(Charge, ChargeConnection, ChargeEdge);
connection!(Source, SourceConnection, SourceEdge);
connection!(Citation, CitationConnection, CitationEdge);
connection!(Statistic, StatisticConnection, StatisticEdge);
connection!(Event, EventConnection, EventEdge);
connection!(Sanction, SanctionConnection, SanctionEdge);
connection!(Testimony, TestimonyConnection, TestimonyEdge);
connection!(SourcedRecord, SourcedRecordConnection, SourcedRecordEdge);
connection!(SearchHit, SearchHitConnection, SearchHitEdge);
connection!(TextSearchHit, TextSearchHitConnection, TextSearchHitEdge);
connection!(AuditEntry, AuditEntryConnection, AuditEntryEdge);
connection!(TimelineEntry, TimelineEntryConnection, TimelineEntryEdge);
connection!(RecordVersion, RecordVersionConnection, RecordVersionEdge);

/// Paging state of a connection. Its cursors are encoded only when asked for.
pub struct PageInfo {
    kind: &'static str,
    has_next_page: bool,
    has_previous_page: bool,
    /// Positions of the first and last record on the page, when it has any.
    bounds: Option<(u64, u64)>,
}

/// Paging state of a connection. Shareable in federation: a partner's subgraph pages
/// its lists with the same Relay type.
#[async_graphql::Object(shareable)]
impl PageInfo {
    /// Whether records follow this page (fetch them with `after: endCursor`).
    async fn has_next_page(&self) -> bool {
        self.has_next_page
    }

    /// Whether records precede this page (fetch them with `before: startCursor`).
    async fn has_previous_page(&self) -> bool {
        self.has_previous_page
    }

    /// Cursor of the first record on this page.
    async fn start_cursor(&self) -> Option<String> {
        self.bounds
            .map(|(first, _)| encode_cursor(self.kind, first))
    }

    /// Cursor of the last record on this page.
    async fn end_cursor(&self) -> Option<String> {
        self.bounds.map(|(_, last)| encode_cursor(self.kind, last))
    }
}

/// The four Relay arguments as the client sent them.
#[derive(Debug, Clone, Default)]
pub struct Paging {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

impl Paging {
    pub fn new(
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Self {
        Paging {
            first,
            after,
            last,
            before,
        }
    }

    pub fn window(&self, kind: &str, max_page_size: u32) -> async_graphql::Result<Window> {
        let decode = |c: &Option<String>| c.as_deref().map(|c| decode_cursor(kind, c)).transpose();
        let args = PageArgs {
            first: self.first,
            after: decode(&self.after)?,
            last: self.last,
            before: decode(&self.before)?,
        };
        Ok(Window::new(args, max_page_size)?)
    }
}

/// Wraps a page of models as the connection of their GraphQL type.
pub fn from_page<T, M>(kind: &'static str, page: Page<M>) -> Connection<T>
where
    T: HasConnection + From<M>,
{
    let page_info = PageInfo {
        kind,
        has_next_page: page.has_next_page(),
        has_previous_page: page.has_previous_page(),
        bounds: page
            .items
            .first()
            .zip(page.items.last())
            .map(|(first, last)| (first.0, last.0)),
    };
    let total_count = page.total;
    let items = page
        .items
        .into_iter()
        .map(|(index, model)| (index, T::from(model)))
        .collect();
    T::connection(kind, items, page_info, total_count)
}

pub(crate) type ModelOf<E> = <E as EntityTrait>::Model;

/// Whether the connection field being resolved asks for its `totalCount` (in any
/// fragment): lists are counted only then, since a count reads the whole list's index
/// range while a page reads only its own rows.
pub fn asks_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// A top-level list: the records of `E` matching `filter`, one page of them, as they
/// are now or as they were at `at`.
pub async fn list<E, T>(
    ctx: &Context<'_>,
    at: AsOf,
    filter: Condition,
    sort: Sort,
    paging: Paging,
) -> async_graphql::Result<Connection<T>>
where
    E: Record,
    T: HasConnection + From<ModelOf<E>> + ReadAt,
{
    let state = RequestState::of(ctx)?;
    let window = paging.window(E::NODE.name(), state.max_page_size)?;
    let count = asks_total(ctx);
    let viewer = state.viewer.as_of(at);
    let page = lookup::list::<E, _>(&state.db, viewer, filter, sort, window, count).await?;
    Ok(from_page::<T, T>(
        E::NODE.name(),
        page.map(|m| T::from(m).read_at(at)),
    ))
}

/// A nested list: one page of relation `R` under `parent`, batched with its siblings,
/// as of the parent's instant.
pub async fn children<R, T>(
    ctx: &Context<'_>,
    at: AsOf,
    relation: R,
    parent: Uuid,
    sort: Sort,
    paging: Paging,
) -> async_graphql::Result<Connection<T>>
where
    R: ToMany,
    T: HasConnection + From<ModelOf<R::Child>> + ReadAt,
{
    let state = RequestState::of(ctx)?;
    let window = paging.window(R::Child::NODE.name(), state.max_page_size)?;
    let page = child_page(ctx, at, relation, parent, sort, window, asks_total(ctx)).await?;
    Ok(from_page::<T, T>(
        R::Child::NODE.name(),
        page.map(|m| T::from(m).read_at(at)),
    ))
}

/// All of a record's children of relation `R` up to `limit`, for short lists such as
/// aliases and citations that are returned whole rather than paged.
pub async fn all_children<R, T>(
    ctx: &Context<'_>,
    at: AsOf,
    relation: R,
    parent: Uuid,
    limit: u32,
) -> async_graphql::Result<Vec<T>>
where
    R: ToMany,
    T: From<ModelOf<R::Child>> + ReadAt,
{
    let window = Window::first(limit)?;
    let page = child_page(ctx, at, relation, parent, Sort::default(), window, false).await?;
    Ok(page
        .items
        .into_iter()
        .map(|(_, m)| T::from(m).read_at(at))
        .collect())
}

pub(crate) async fn child_page<R: ToMany>(
    ctx: &Context<'_>,
    at: AsOf,
    relation: R,
    parent: Uuid,
    sort: Sort,
    window: Window,
    count: bool,
) -> async_graphql::Result<Page<ModelOf<R::Child>>> {
    let loader = ctx.data::<RequestLoader>()?;
    let key = ChildPage {
        relation,
        parent,
        sort,
        window,
        count,
        at,
    };
    let page = loader
        .load_one(key)
        .await
        .map_err(crate::graphql::load_error)?;
    // The batch has let go of its copy by the time a field reads it, so this takes the
    // page without copying it unless two fields asked for the same one.
    Ok(page.map_or_else(|| Page::from_items(Vec::new(), 0), Arc::unwrap_or_clone))
}

/// One record of `E` by id through the request's loader, as it is now or as it was at
/// `at`; `None` when absent or hidden.
pub async fn one<E, T>(ctx: &Context<'_>, at: AsOf, id: Uuid) -> async_graphql::Result<Option<T>>
where
    E: Record,
    T: From<Arc<ModelOf<E>>> + ReadAt,
{
    let loader = ctx.data::<RequestLoader>()?;
    let model = loader
        .load_one(crate::graphql::loaders::ById::<E>::new(id, at))
        .await
        .map_err(crate::graphql::load_error)?;
    Ok(model.map(|m| T::from(m).read_at(at)))
}

/// Like `one`, for a required relation: a missing target means the caller may not see it,
/// which the schema reports as null on a nullable field.
pub async fn one_opt<E, T>(
    ctx: &Context<'_>,
    at: AsOf,
    id: Option<Uuid>,
) -> async_graphql::Result<Option<T>>
where
    E: Record,
    T: From<Arc<ModelOf<E>>> + ReadAt,
{
    match id {
        Some(id) => one::<E, T>(ctx, at, id).await,
        None => Ok(None),
    }
}
