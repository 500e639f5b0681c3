//! `textSearch`: every text of every record, in both languages (`service::text_search`).

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, Result};
use futures_util::future::try_join_all;

use crate::error::AppError;
use crate::graphql::connection::{Connection, Paging, from_page};
use crate::graphql::context::RequestState;
use crate::graphql::node::load_node;
use crate::graphql::subscription::RecordType;
use crate::graphql::types::{Confidence, DateRange, Language, TextSearchHit};
use crate::ids::{NodeType, decode_id};
use crate::search::text::TextQuery;
use crate::service::text_search::{TextSearch, text_search};

/// Longest query, in characters.
const MAX_QUERY_CHARS: usize = 200;

/// Narrows `textSearch` beside the text.
#[derive(InputObject, Debug, Clone, Default)]
pub struct TextSearchFilter {
    /// Only records whose own date overlaps this range (events, trials, verdicts,
    /// postings, sources, statistics, testimonies, sanctions, facilities by the years
    /// they were open). Records without a date (a citation, a person) do not match.
    pub during: Option<DateRange>,
    /// Only citations at this confidence or above, and records that such a citation
    /// (one you may see) supports.
    pub min_confidence: Option<Confidence>,
    /// Only hits about this facility, branch or person: the record itself, its aliases,
    /// and the records that point at it (postings, verdicts, testimonies, citations,
    /// statistics, sanctions, operations, linked events).
    pub about_id: Option<ID>,
}

#[derive(Default)]
pub struct TextSearchQuery;

#[Object]
impl TextSearchQuery {
    /// Records whose texts match `query`, best first: descriptions, notes, titles, citation
    /// quotes, testimony summaries, statistics' metrics and descriptions, event texts,
    /// charges, posting titles, names and aliases, in every language a record holds.
    /// Words match with Arabic letter forms, diacritics and the article folded (`الخطيب`
    /// finds `خطيب`), Latin transliterations alike (`al-Khatib`, `Alkhatib`, `Khatib`;
    /// `Sednaya`, `Saydnaya`), English endings (`transport` finds `transporting`) and
    /// Arabic-Indic digits (`٢٧` finds `27`). `"quoted words"` are a phrase; `-word`
    /// excludes records containing it. Every word must appear in one text of the record.
    /// See `docs/search.md`.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::limits::page_weight(first, last, child_complexity)")]
    async fn text_search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words, `\"a phrase\"`, `-excluded`; e.g. `salt rooms`, `مسلخ`.")]
        query: String,
        #[graphql(desc = "Only these kinds of record; all when omitted.")] types: Option<
            Vec<RecordType>,
        >,
        #[graphql(desc = "Only texts in this language; all when omitted.")] lang: Option<Language>,
        #[graphql(desc = "Keep only the hits matching every field given.")] filter: Option<
            TextSearchFilter,
        >,
        #[graphql(desc = "The first this many hits (after `after`); at most the page-size cap.")]
        first: Option<i32>,
        #[graphql(desc = "Start after the hit with this cursor.")] after: Option<String>,
        #[graphql(desc = "The last this many hits (before `before`); at most the page-size cap.")]
        last: Option<i32>,
        #[graphql(desc = "End before the hit with this cursor.")] before: Option<String>,
    ) -> Result<Connection<TextSearchHit>> {
        const KIND: &str = "TextSearchHit";
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(AppError::bad_input(
                "`query` is longer than 200 characters; keep the most telling words",
            )
            .into());
        }
        let parsed = TextQuery::parse(&query).map_err(|e| AppError::bad_input(e.0))?;
        let state = RequestState::of(ctx)?;
        let window = Paging::new(first, after, last, before).window(KIND, state.max_page_size)?;
        let types: Vec<NodeType> = match types {
            Some(types) => types.into_iter().map(RecordType::node_type).collect(),
            None => NodeType::RECORDS
                .iter()
                .copied()
                .filter(|t| !matches!(t, NodeType::EventLink | NodeType::Alias))
                .collect(),
        };
        let filter = filter.unwrap_or_default();
        let about = match &filter.about_id {
            None => None,
            Some(id) => {
                let (node, uuid) = decode_id(id)?;
                if !matches!(
                    node,
                    NodeType::Facility | NodeType::Branch | NodeType::Person
                ) {
                    return Err(AppError::bad_input(
                        "`filter.aboutId` must be the id of a facility, a branch or a person",
                    )
                    .into());
                }
                Some((node, uuid))
            }
        };
        let search = TextSearch {
            query: parsed,
            types,
            lang: lang.map(Into::into),
            from: filter.during.and_then(|d| d.from).map(|d| d.0),
            to: filter.during.and_then(|d| d.to).map(|d| d.0),
            min_confidence: filter.min_confidence.map(Into::into),
            about,
        };
        let count_all = ctx.look_ahead().field("totalCount").exists();
        let page = text_search(&state.db, state.viewer, &search, window, count_all).await?;
        let holders: Vec<(NodeType, uuid::Uuid)> = page
            .items
            .iter()
            .map(|(_, hit)| {
                let holder_type = if hit.holder == hit.id {
                    hit.node_type
                } else {
                    NodeType::Alias
                };
                (holder_type, hit.holder)
            })
            .collect();
        let mut texts = crate::service::text_index::stored_texts(&state.db, &holders).await?;
        let records = try_join_all(
            page.items
                .iter()
                .map(|(_, hit)| load_node(ctx, None, hit.node_type, hit.id)),
        )
        .await?;
        let query = Arc::new(search.query);
        let mut records = records.into_iter();
        let page = page.map(|hit| {
            let record = records.next().flatten()?;
            let text = texts.remove(&(hit.holder, hit.field.clone(), hit.lang.clone()));
            Some(TextSearchHit {
                hit,
                record,
                query: query.clone(),
                text,
            })
        });
        Ok(from_page::<TextSearchHit, _>(KIND, page.flatten()))
    }
}
