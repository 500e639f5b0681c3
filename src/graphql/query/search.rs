//! `search`, across every named record and its aliases, and `timeline`, events in date order.

use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::{event, event_link};
use futures_util::future::try_join_all;
use sea_orm::Condition;
use sea_orm::sea_query::{Expr, ExprTrait};

use crate::graphql::connection::{Connection, Paging, from_page, list};
use crate::graphql::context::RequestState;
use crate::graphql::node::load_node;
use crate::graphql::scalars::Date;
use crate::graphql::types::{DateRange, Event, EventKind, NamedRecord, SearchHit, SearchableType};
use crate::ids::decode_id;
use crate::service::filter::{date_overlaps, equals, related};
use crate::service::records::{Sort, SortKey};
use crate::service::search;

/// Narrows the timeline.
#[derive(InputObject, Debug, Clone, Default)]
pub struct TimelineFilter {
    /// Only events concerning this record (any type: a facility, person, trial…).
    pub record_id: Option<ID>,
    /// Only events of these kinds.
    pub kinds: Option<Vec<EventKind>>,
    /// Only events whose date overlaps this range.
    pub during: Option<DateRange>,
}

impl TimelineFilter {
    pub fn condition(self, viewer: crate::service::access::Viewer) -> Result<Condition> {
        let mut condition = Condition::all();
        if let Some(id) = &self.record_id {
            let (_, uuid) = decode_id(id)?;
            let link = equals::<event_link::Entity, _>(event_link::Column::SubjectId, uuid);
            condition = condition.add(related::<event::Entity, event_link::Entity>(
                event_link::Column::EventId,
                link,
                viewer,
            ));
        }
        if let Some(kinds) = self.kinds {
            let kinds: Vec<&str> = kinds.into_iter().map(EventKind::as_db).collect();
            condition = condition.add(Expr::col((event::Entity, event::Column::Kind)).is_in(kinds));
        }
        if let Some(range) = self.during {
            let day = |d: Option<Date>| d.map(|d| d.0);
            condition = condition.add(date_overlaps::<event::Entity>(
                event::Column::DateEarliest,
                event::Column::DateLatest,
                day(range.from),
                day(range.to),
            ));
        }
        Ok(condition)
    }
}

#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Records whose name or any alias matches `query`, best first. Matching folds what
    /// differs between spellings of Arabic names: case, diacritics and harakat, hyphens and
    /// apostrophes, the article (al-, el-, ال), alef and hamza forms, taa marbuta, doubled
    /// letters, and (at a lower score) vowel variants of transliterations.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::limits::page_weight(first, last, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Part of a name in any script or spelling, e.g. `al-Khatib`, `الخطيب` or `Rislan`."
        )]
        query: String,
        #[graphql(desc = "Only these kinds of record; all when omitted.")] types: Option<
            Vec<SearchableType>,
        >,
        #[graphql(desc = "The first this many hits (after `after`); at most the page-size cap.")]
        first: Option<i32>,
        #[graphql(desc = "Start after the hit with this cursor.")] after: Option<String>,
        #[graphql(desc = "The last this many hits (before `before`); at most the page-size cap.")]
        last: Option<i32>,
        #[graphql(desc = "End before the hit with this cursor.")] before: Option<String>,
    ) -> Result<Connection<SearchHit>> {
        const KIND: &str = "SearchHit";
        if query.chars().count() > 200 {
            return Err(crate::error::AppError::bad_input(
                "`query` is longer than 200 characters; search for part of a name",
            )
            .into());
        }
        let state = RequestState::of(ctx)?;
        let window = Paging::new(first, after, last, before).window(KIND, state.max_page_size)?;
        let types: Vec<_> = types
            .unwrap_or_else(|| SearchableType::ALL.to_vec())
            .into_iter()
            .map(SearchableType::node_type)
            .collect();
        let page = search::search(&state.db, state.viewer, &query, &types, window).await?;
        let records = try_join_all(
            page.items
                .iter()
                .map(|(_, hit)| load_node(ctx, None, hit.node_type, hit.id)),
        )
        .await?;
        let mut records = records.into_iter();
        let page = page.map(|hit| {
            let record = records.next().flatten().and_then(NamedRecord::from_node)?;
            Some(SearchHit {
                record,
                matched_name: hit.name,
                score: hit.score as f64 / 100.0,
            })
        });
        Ok(from_page::<SearchHit, _>(KIND, page.flatten()))
    }

    /// Events in date order across fuzzy dates: by the earliest day each can mean, then by
    /// the latest (so "2022-01-13" comes before "2022"); undated events last.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::limits::page_weight(first, last, child_complexity)")]
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Keep only the events matching every field given.")] filter: Option<
            TimelineFilter,
        >,
        #[graphql(desc = "The first this many events (after `after`); at most the page-size cap.")]
        first: Option<i32>,
        #[graphql(desc = "Start after the event with this cursor.")] after: Option<String>,
        #[graphql(
            desc = "The last this many events (before `before`); at most the page-size cap."
        )]
        last: Option<i32>,
        #[graphql(desc = "End before the event with this cursor.")] before: Option<String>,
    ) -> Result<Connection<Event>> {
        let viewer = RequestState::of(ctx)?.viewer;
        let condition = filter.unwrap_or_default().condition(viewer)?;
        let sort = Sort {
            key: SortKey::Date,
            descending: false,
        };
        list::<event::Entity, Event>(
            ctx,
            None,
            condition,
            sort,
            Paging::new(first, after, last, before),
        )
        .await
    }
}
