//! Counts for dashboard charts: `[{ key, label, count }]`, each one GROUP BY statement
//! over the same filters (and the same visibility) as the lists.

use async_graphql::{ComplexObject, Context, Enum, Object, Result, SimpleObject};
use entity::*;

use crate::graphql::context::RequestState;
use crate::graphql::query::search::TimelineFilter;
use crate::graphql::types::*;
use crate::i18n::{self, labels};
use crate::ids::{NodeType, encode_id};
use crate::service::aggregate::{Bucket as Counted, GroupBy, count_by, count_by_related};
use crate::service::tally;
use crate::service::translations::Translations;

/// One bar of a chart.
#[derive(SimpleObject, Clone, Debug)]
#[graphql(complex)]
pub struct Bucket {
    /// What the bar stands for, machine-readable: an enum value (`CONVICTED`), a year
    /// (`2022`), a country code, or a record's id; `UNKNOWN` for rows without a value.
    pub key: String,
    /// How many records fall in it (only those you may see).
    pub count: u64,
    #[graphql(skip)]
    label: BucketLabel,
}

/// Where a bucket's words come from.
#[derive(Clone, Debug)]
enum BucketLabel {
    /// A code of the closed vocabulary of this name.
    Code(&'static str, String),
    /// A posting role (an open list).
    PostingRole(String),
    /// A statistic metric (an open list).
    Metric(String),
    /// A country code.
    Country(String),
    /// Words that are the same in every language: a year.
    Fixed(String),
    /// A record's name (its `name` column) and its translations.
    Record(String, Option<String>),
    /// Rows without a value.
    Unknown,
}

#[ComplexObject]
impl Bucket {
    /// What to print under the bar, in `lang` (without it, the request's language).
    async fn label(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language; without it, the request's (`Accept-Language`).")]
        lang: Option<Language>,
    ) -> String {
        let lang = language_of(ctx, lang);
        match &self.label {
            BucketLabel::Code(vocabulary, code) => labels::code(vocabulary, code, lang).into(),
            BucketLabel::PostingRole(code) => labels::posting_role(code, lang).into(),
            BucketLabel::Metric(code) => labels::metric(code, lang).into(),
            BucketLabel::Country(code) => labels::country(code, lang).into(),
            BucketLabel::Fixed(text) => text.clone(),
            BucketLabel::Record(name, stored) => Translations::read(stored.as_deref())
                .text_in("name", Some(name), lang)
                .map_or_else(|| name.clone(), |(text, _)| text.to_owned()),
            BucketLabel::Unknown => match lang {
                i18n::Language::En => "Unknown".into(),
                i18n::Language::Ar => "غير معروف".into(),
            },
        }
    }
}

/// Groups for `verdictCounts`.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum VerdictGrouping {
    /// By outcome (convicted, acquitted…).
    Outcome,
    /// By the year of the verdict (by its earliest possible day).
    Year,
}

/// Groups for `postingCounts`.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum PostingGrouping {
    /// By the branch of the posting.
    Branch,
    /// By the agency of the posting's branch.
    Agency,
    /// By normalised role.
    Role,
}

/// Groups for `facilityCounts`.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum FacilityGrouping {
    /// By status (active, defunct, unknown).
    Status,
    /// By kind of facility.
    Kind,
    /// By country.
    Country,
}

/// Groups for `eventCounts`.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum EventGrouping {
    /// By year (of the earliest possible day).
    Year,
    /// By kind of event.
    Kind,
}

/// Groups for `statisticCounts`.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum StatisticGrouping {
    /// By metric.
    Metric,
    /// By kind of subject (facility, branch, agency, country).
    SubjectKind,
}

/// Buckets whose keys are stored text: the key as an enum-style constant, the label
/// read by `label`; rows without a value (`UNKNOWN`) last, the same on every database.
fn text_buckets(
    mut buckets: Vec<Counted<String>>,
    label: impl Fn(String) -> BucketLabel,
) -> Vec<Bucket> {
    buckets.sort_by_key(|b| b.key.is_none());
    buckets
        .into_iter()
        .map(|b| match b.key {
            Some(key) => Bucket {
                key: key.to_uppercase(),
                count: b.count,
                label: label(key),
            },
            None => Bucket {
                key: "UNKNOWN".into(),
                count: b.count,
                label: BucketLabel::Unknown,
            },
        })
        .collect()
}

/// Labels from a closed vocabulary.
fn code_of(vocabulary: &'static str) -> impl Fn(String) -> BucketLabel {
    move |code| BucketLabel::Code(vocabulary, code)
}

/// Buckets keyed by a related record: its global id and its name.
fn record_buckets(node: NodeType, buckets: Vec<Counted<uuid::Uuid>>) -> Vec<Bucket> {
    buckets
        .into_iter()
        .filter_map(|b| {
            let id = b.key?;
            Some(Bucket {
                key: encode_id(node, id),
                count: b.count,
                label: BucketLabel::Record(b.label.unwrap_or_default(), b.translations),
            })
        })
        .collect()
}

#[derive(Default)]
pub struct CountQuery;

#[Object]
impl CountQuery {
    /// Verdicts counted by outcome or by year.
    #[graphql(complexity = "crate::graphql::limits::COUNT_WEIGHT.saturating_mul(child_complexity)")]
    async fn verdict_counts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to group by.")] by: VerdictGrouping,
        #[graphql(desc = "Count only the verdicts matching this filter.")] filter: Option<
            VerdictFilter,
        >,
    ) -> Result<Vec<Bucket>> {
        let state = RequestState::of(ctx)?;
        let filter = filter.unwrap_or_default().condition(state.viewer)?;
        let group = match by {
            VerdictGrouping::Outcome => GroupBy::Column(verdict::Column::Outcome),
            VerdictGrouping::Year => GroupBy::Year(verdict::Column::DateEarliest),
        };
        let buckets =
            count_by::<verdict::Entity, _>(&state.db, state.viewer, filter, group).await?;
        Ok(match by {
            VerdictGrouping::Outcome => text_buckets(buckets, code_of("VerdictOutcome")),
            VerdictGrouping::Year => text_buckets(buckets, BucketLabel::Fixed),
        })
    }

    /// Postings counted by branch, by agency (of the branch) or by role.
    #[graphql(complexity = "crate::graphql::limits::COUNT_WEIGHT.saturating_mul(child_complexity)")]
    async fn posting_counts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to group by.")] by: PostingGrouping,
        #[graphql(desc = "Count only the postings matching this filter.")] filter: Option<
            PostingFilter,
        >,
    ) -> Result<Vec<Bucket>> {
        let state = RequestState::of(ctx)?;
        let (db, viewer) = (&state.db, state.viewer);
        let filter = filter.unwrap_or_default();
        if filter.is_empty() {
            // Every posting: the tally kept as the data changes answers without reading
            // them (`service/tally.rs`).
            return Ok(match by {
                PostingGrouping::Branch => {
                    record_buckets(NodeType::Branch, tally::by_branch(db, viewer).await?)
                }
                PostingGrouping::Agency => {
                    record_buckets(NodeType::Agency, tally::by_agency(db, viewer).await?)
                }
                PostingGrouping::Role => {
                    text_buckets(tally::by_role(db, viewer).await?, BucketLabel::PostingRole)
                }
            });
        }
        let filter = filter.condition(viewer)?;
        Ok(match by {
            PostingGrouping::Branch => record_buckets(
                NodeType::Branch,
                count_by_related::<posting::Entity, branch::Entity, _>(
                    db,
                    viewer,
                    filter,
                    posting::Column::BranchId,
                    branch::Column::Name,
                )
                .await?,
            ),
            PostingGrouping::Agency => record_buckets(
                NodeType::Agency,
                crate::service::aggregate::postings_by_agency(db, viewer, filter).await?,
            ),
            PostingGrouping::Role => text_buckets(
                count_by::<posting::Entity, _>(
                    db,
                    viewer,
                    filter,
                    GroupBy::Column(posting::Column::Role),
                )
                .await?,
                BucketLabel::PostingRole,
            ),
        })
    }

    /// Facilities counted by status, kind or country.
    #[graphql(complexity = "crate::graphql::limits::COUNT_WEIGHT.saturating_mul(child_complexity)")]
    async fn facility_counts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to group by.")] by: FacilityGrouping,
        #[graphql(desc = "Count only the facilities matching this filter.")] filter: Option<
            FacilityFilter,
        >,
    ) -> Result<Vec<Bucket>> {
        let state = RequestState::of(ctx)?;
        let filter = filter.unwrap_or_default().condition(state.viewer)?;
        let column = match by {
            FacilityGrouping::Status => facility::Column::Status,
            FacilityGrouping::Kind => facility::Column::Kind,
            FacilityGrouping::Country => facility::Column::Country,
        };
        let buckets = count_by::<facility::Entity, _>(
            &state.db,
            state.viewer,
            filter,
            GroupBy::Column(column),
        )
        .await?;
        Ok(match by {
            FacilityGrouping::Status => text_buckets(buckets, code_of("FacilityStatus")),
            FacilityGrouping::Kind => text_buckets(buckets, code_of("FacilityKind")),
            FacilityGrouping::Country => text_buckets(buckets, BucketLabel::Country),
        })
    }

    /// Events counted by year or by kind.
    #[graphql(complexity = "crate::graphql::limits::COUNT_WEIGHT.saturating_mul(child_complexity)")]
    async fn event_counts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to group by.")] by: EventGrouping,
        #[graphql(desc = "Count only the events matching this filter (as `timeline` takes).")]
        filter: Option<TimelineFilter>,
    ) -> Result<Vec<Bucket>> {
        let state = RequestState::of(ctx)?;
        let filter = filter.unwrap_or_default().condition(state.viewer)?;
        let group = match by {
            EventGrouping::Year => GroupBy::Year(event::Column::DateEarliest),
            EventGrouping::Kind => GroupBy::Column(event::Column::Kind),
        };
        let buckets = count_by::<event::Entity, _>(&state.db, state.viewer, filter, group).await?;
        Ok(match by {
            EventGrouping::Year => text_buckets(buckets, BucketLabel::Fixed),
            EventGrouping::Kind => text_buckets(buckets, code_of("EventKind")),
        })
    }

    /// Statistics (claims, not their values) counted by metric or by kind of subject.
    #[graphql(complexity = "crate::graphql::limits::COUNT_WEIGHT.saturating_mul(child_complexity)")]
    async fn statistic_counts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to group by.")] by: StatisticGrouping,
        #[graphql(desc = "Count only the statistics matching this filter.")] filter: Option<
            StatisticFilter,
        >,
    ) -> Result<Vec<Bucket>> {
        let state = RequestState::of(ctx)?;
        let filter = filter.unwrap_or_default().condition(state.viewer)?;
        let column = match by {
            StatisticGrouping::Metric => statistic::Column::Metric,
            StatisticGrouping::SubjectKind => statistic::Column::SubjectType,
        };
        let buckets = count_by::<statistic::Entity, _>(
            &state.db,
            state.viewer,
            filter,
            GroupBy::Column(column),
        )
        .await?;
        Ok(match by {
            StatisticGrouping::Metric => text_buckets(buckets, BucketLabel::Metric),
            StatisticGrouping::SubjectKind => {
                text_buckets(buckets, code_of("StatisticSubjectKind"))
            }
        })
    }
}
