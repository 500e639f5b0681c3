//! `Person.timeline` and `Branch.timeline`: a person's or a unit's events, postings,
//! verdicts and sanctions in one list, in date order (`service::timeline`), each entry
//! with its fuzzy date and the citations behind it.

use async_graphql::{Context, Object, Result, Union};
use futures_util::future::try_join_all;
use uuid::Uuid;

use crate::graphql::connection::{AsOf, Connection, Paging, from_page};
use crate::graphql::context::RequestState;
use crate::graphql::inline::Inline;
use crate::graphql::node::{Node, load_node};
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{Citation, Event, Posting, Sanction, Verdict, citations_of};
use crate::service::timeline::{About, entries};

/// A record on a person's or a branch's timeline.
#[derive(Union, Clone)]
pub enum TimelineRecord {
    Event(Event),
    Posting(Posting),
    Verdict(Verdict),
    Sanction(Sanction),
}

impl TimelineRecord {
    fn from_node(node: Node) -> Option<TimelineRecord> {
        Some(match node {
            Node::Event(r) => TimelineRecord::Event(r),
            Node::Posting(r) => TimelineRecord::Posting(r),
            Node::Verdict(r) => TimelineRecord::Verdict(r),
            Node::Sanction(r) => TimelineRecord::Sanction(r),
            _ => return None,
        })
    }

    /// The record's id and the instant it was read as of.
    fn key(&self) -> (Uuid, AsOf) {
        match self {
            TimelineRecord::Event(r) => (r.0.id, r.1),
            TimelineRecord::Posting(r) => (r.0.id, r.1),
            TimelineRecord::Verdict(r) => (r.0.id, r.1),
            TimelineRecord::Sanction(r) => (r.0.id, r.1),
        }
    }
}

/// One entry of a person's or a branch's timeline.
#[derive(Clone)]
pub struct TimelineEntry(TimelineRecord);

/// One entry of a person's or a branch's timeline: a record and its date.
#[Object]
impl TimelineEntry {
    /// The event, posting, verdict or sanction.
    async fn record(&self) -> &TimelineRecord {
        &self.0
    }

    /// Its date as the sources give it: an event's or a verdict's date, a posting's
    /// period, a sanction's listing date; null when undated (those come last).
    async fn date(&self) -> Option<FuzzyDate> {
        match &self.0 {
            TimelineRecord::Event(r) => {
                FuzzyDate::from_columns(&r.0.date, r.0.date_earliest, r.0.date_latest)
            }
            TimelineRecord::Posting(r) => {
                FuzzyDate::from_columns(&r.0.period, r.0.period_earliest, r.0.period_latest)
            }
            TimelineRecord::Verdict(r) => {
                FuzzyDate::from_columns(&r.0.date, r.0.date_earliest, r.0.date_latest)
            }
            TimelineRecord::Sanction(r) => {
                FuzzyDate::from_columns(&r.0.listed, r.0.listed_earliest, r.0.listed_latest)
            }
        }
    }

    /// The sources behind the record, each with the quoted passage.
    async fn citations(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Keep only the citations that support this field of the record (e.g. `period`); all when omitted."
        )]
        field: Option<String>,
    ) -> Result<Vec<Inline<Citation>>> {
        let (id, at) = self.0.key();
        citations_of(ctx, at, id, field).await
    }
}

/// One page of a person's timeline.
pub async fn of_person(
    ctx: &Context<'_>,
    as_of: AsOf,
    id: Uuid,
    paging: Paging,
) -> Result<Connection<TimelineEntry>> {
    page(ctx, as_of, About::Person(id), paging).await
}

/// One page of a branch's timeline.
pub async fn of_branch(
    ctx: &Context<'_>,
    as_of: AsOf,
    id: Uuid,
    paging: Paging,
) -> Result<Connection<TimelineEntry>> {
    page(ctx, as_of, About::Branch(id), paging).await
}

async fn page(
    ctx: &Context<'_>,
    as_of: AsOf,
    about: About,
    paging: Paging,
) -> Result<Connection<TimelineEntry>> {
    const KIND: &str = "TimelineEntry";
    let state = RequestState::of(ctx)?;
    let window = paging.window(KIND, state.max_page_size)?;
    let page = entries(&state.db, state.viewer.as_of(as_of), about, window).await?;
    // Through the loader: the records of every timeline in the query load together.
    let records = try_join_all(
        page.items
            .iter()
            .map(|(_, (node_type, id))| load_node(ctx, as_of, *node_type, *id)),
    )
    .await?;
    let mut records = records.into_iter();
    let page = page.map(|_| {
        records
            .next()
            .flatten()
            .and_then(TimelineRecord::from_node)
            .map(TimelineEntry)
    });
    Ok(from_page::<TimelineEntry, _>(KIND, page.flatten()))
}
