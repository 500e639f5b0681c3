//! Full-text search over the `text_token` index (`service::text_index`).
//!
//! A query's words must all match in the texts of one record (a description, a quote, a
//! title, a name or alias, in any language); a phrase's words in consecutive places of
//! one text. The
//! statement starts from the rarest word: each word's matches are counted up to a cap
//! (an index range read of at most that many rows), the one with fewest drives, and the
//! other words are checked on the driving text by its primary key. The driving rows are
//! read up to a cap that grows with the page asked for, so a common word costs what the
//! page costs, not what its matches number; `totalCount`, when asked for, counts them all.
//!
//! Visibility is on every index row (the record's level, made stricter by the field's),
//! so a text the reader may not read is never matched, counted, scored, excluded on, or
//! shown. Scores use nothing but the matched text itself (its field and how the word
//! matched): no statistic over other records, hidden ones included, moves a score.

use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Asterisk, CaseStatement, Expr, ExprTrait, Func, LikeExpr, Order, Query, SelectStatement,
    SimpleExpr, UnionType, WindowStatement,
};
use sea_orm::{Condition, ConnectionTrait, DbBackend};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::i18n::Language;
use crate::ids::NodeType;
use crate::search::text::{Term, TextQuery};
use crate::service::access::Viewer;
use crate::service::page::{OrderColumn, Page, Paged, Window};
use crate::service::records::refs_of;
use crate::service::vocab::Confidence;

/// Driving rows read at least (enough for any page of the page-size cap, with room for
/// rows the other words then reject).
const MIN_CANDIDATES: u64 = 1_000;
/// Driving rows read at most: past this, a query of only common words returns the best
/// among this many, and says so in `docs/search.md`.
const MAX_CANDIDATES: u64 = 64_000;
/// Candidates read per row of the page asked for.
const CANDIDATES_PER_ROW: u64 = 8;

const TABLE: &str = "text_token";
const DRIVER: &str = "d";

/// What to look for and where.
#[derive(Debug, Clone)]
pub struct TextSearch {
    pub query: TextQuery,
    pub types: Vec<NodeType>,
    pub lang: Option<Language>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub min_confidence: Option<Confidence>,
    /// A facility, branch or person the hit must be about.
    pub about: Option<(NodeType, Uuid)>,
}

/// One record found: the text that matched best.
#[derive(Debug, Clone)]
pub struct TextHit {
    pub node_type: NodeType,
    pub id: Uuid,
    /// The record holding the text: the record itself, or one of its aliases.
    pub holder: Uuid,
    pub field: String,
    pub lang: String,
    pub score: i64,
}

impl TextHit {
    /// The matched field as the API names it (`legalProvision` for `legal_provision`).
    pub fn field_name(&self) -> String {
        crate::service::fields::camel_case(&self.field)
    }
}

/// The best score a hit can have (a record's name, matched exactly, in its first words),
/// to scale scores to 0–1.
pub const MAX_SCORE: i64 = 48;

/// One page of the records matching `search`, best first. `count_all` makes `total`
/// exact even when the matches outnumber the candidates read.
pub async fn text_search<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    search: &TextSearch,
    window: Window,
    count_all: bool,
) -> AppResult<Page<TextHit>> {
    let backend = db.get_database_backend();
    let terms: Vec<(usize, usize, &Term)> = search
        .query
        .groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.terms.iter().enumerate().map(move |(i, t)| (g, i, t)))
        .collect();
    let mut cap = window
        .end()
        .map_or(MAX_CANDIDATES, |end| end.saturating_mul(CANDIDATES_PER_ROW))
        .clamp(MIN_CANDIDATES, MAX_CANDIDATES);
    // The rarest word drives (fewest rows up to the cap; ties go to the first).
    let mut driver = 0;
    if terms.len() > 1 {
        let mut fewest = u64::MAX;
        for (i, (_, _, term)) in terms.iter().enumerate() {
            let count = capped_count(db, viewer, search, term, cap).await?;
            if count < fewest {
                fewest = count;
                driver = i;
            }
        }
    }
    loop {
        let candidates = candidates(backend, viewer, search, &terms, driver, Read::Best(cap));
        let paged = Paged {
            select: best_per_record(candidates),
            nested: false,
            order: vec![
                OrderColumn::new("score", Order::Desc),
                OrderColumn::new("subject_id", Order::Asc),
            ],
        };
        let mut pages = paged.fetch(db, window).await?;
        let mut page = pages
            .remove(&Uuid::nil())
            .unwrap_or_else(|| Page::from_items(Vec::new(), 0));
        let truncated = probe_truncated(db, viewer, search, &terms, driver, cap).await?;
        let filled = window
            .end()
            .is_none_or(|end| page.total.is_some_and(|t| t >= end));
        if truncated && !filled && cap < MAX_CANDIDATES {
            cap = Ord::min(cap * CANDIDATES_PER_ROW, MAX_CANDIDATES);
            continue;
        }
        if truncated && count_all {
            page.total = Some(count_matches(db, backend, viewer, search, &terms, driver).await?);
        }
        return page.try_map(|row| {
            let table: String = row.try_get("", "subject_type")?;
            let node_type = NodeType::from_table(&table).ok_or_else(|| {
                AppError::Internal(format!("unknown subject type {table}").into())
            })?;
            Ok(TextHit {
                node_type,
                id: row.try_get("", "subject_id")?,
                holder: row.try_get("", "holder_id")?,
                field: row.try_get("", "field")?,
                lang: row.try_get("", "lang")?,
                score: row.try_get("", "score")?,
            })
        });
    }
}

/// Whether the driving word has more rows than `cap` (so candidates were cut).
async fn probe_truncated<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    search: &TextSearch,
    terms: &[(usize, usize, &Term)],
    driver: usize,
    cap: u64,
) -> AppResult<bool> {
    let count = capped_count(db, viewer, search, terms[driver].2, cap + 1).await?;
    Ok(count > cap)
}

/// How many visible rows match `term` under the filters, counting no further than `cap`
/// in each way of matching.
async fn capped_count<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    search: &TextSearch,
    term: &Term,
    cap: u64,
) -> AppResult<u64> {
    let rows = union_of(match_branches(term).into_iter().map(|branch| {
        let mut rows = Query::select();
        rows.expr_as(Expr::val(1), Alias::new("one"))
            .from_as(Alias::new(TABLE), Alias::new(DRIVER))
            .cond_where(branch.matches)
            .cond_where(row_filters(viewer, search))
            .limit(cap);
        rows
    }));
    count_of(db, rows).await
}

/// The ways a stored word can match `term`, each a condition one index answers in
/// order (so that a LIMIT stops the read), with the quality it scores: 3 exact, 2 by
/// prefix, 1 by skeleton. One OR over them would make a database gather every match
/// from each index before the LIMIT applies.
fn match_branches(term: &Term) -> Vec<Branch> {
    let col = |c: &str| Expr::col((Alias::new(DRIVER), Alias::new(c)));
    let mut branches: Vec<Branch> = term
        .exact
        .iter()
        .map(|word| Branch {
            matches: Condition::all().add(col("token").eq(word.as_str())),
            quality: 3,
            key: "token",
        })
        .collect();
    if let Some(prefix) = &term.prefix {
        branches.push(Branch {
            matches: starts_with(col("token"), prefix),
            quality: 2,
            key: "token",
        });
    }
    if let Some(skeleton) = &term.skeleton {
        branches.push(Branch {
            matches: Condition::all().add(col("skeleton").eq(skeleton.as_str())),
            quality: 1,
            key: "skeleton",
        });
    }
    branches
}

/// One way of matching a word: the condition, its score, and the indexed column whose
/// order (then best weight, then record) the rows are read in.
struct Branch {
    matches: Condition,
    quality: i64,
    key: &'static str,
}

impl Branch {
    /// Reads the rows in the index's order, so that a LIMIT keeps the same rows on
    /// every database however they were written.
    fn order(&self, select: &mut SelectStatement) {
        let col = |c: &str| Expr::col((Alias::new(DRIVER), Alias::new(c)));
        select
            .order_by_expr(col(self.key), Order::Asc)
            .order_by_expr(col("weight"), Order::Desc)
            .order_by_expr(col("subject_id"), Order::Asc);
    }
}

/// `selects` one after another (UNION ALL), each read as a derived table so that its
/// own LIMIT holds on every database.
fn union_of(selects: impl IntoIterator<Item = SelectStatement>) -> SelectStatement {
    let mut union: Option<SelectStatement> = None;
    for (i, select) in selects.into_iter().enumerate() {
        let mut wrapped = Query::select();
        wrapped
            .column(Asterisk)
            .from_subquery(select, Alias::new(format!("way{i}")));
        match union.as_mut() {
            None => union = Some(wrapped),
            Some(union) => {
                union.union(UnionType::All, wrapped);
            }
        }
    }
    union.unwrap_or_else(Query::select)
}

async fn count_of<C: ConnectionTrait>(db: &C, rows: SelectStatement) -> AppResult<u64> {
    let mut count = Query::select();
    count
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"))
        .from_subquery(rows, Alias::new("capped"));
    let n: i64 = match db.query_one(&count).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Every record matching, counted (for `totalCount` when candidates were cut).
async fn count_matches<C: ConnectionTrait>(
    db: &C,
    backend: DbBackend,
    viewer: Viewer,
    search: &TextSearch,
    terms: &[(usize, usize, &Term)],
    driver: usize,
) -> AppResult<u64> {
    let mut records = Query::select();
    records
        .distinct()
        .column(Alias::new("subject_id"))
        .from_subquery(
            candidates(backend, viewer, search, terms, driver, Read::Records),
            Alias::new("all_matches"),
        );
    count_of(db, records).await
}

/// What [`candidates`] reads of the matching rows.
#[derive(Debug, Clone, Copy)]
enum Read {
    /// At most this many of the best rows, with all a hit needs and its score.
    Best(u64),
    /// Every matching row, its record only: what a count needs, which the word and
    /// skeleton indexes carry, so a count reads no table row.
    Records,
}

/// The driving word's rows that every other condition accepts, with their scores.
fn candidates(
    backend: DbBackend,
    viewer: Viewer,
    search: &TextSearch,
    terms: &[(usize, usize, &Term)],
    driver: usize,
    read: Read,
) -> SelectStatement {
    let (driver_group, driver_index, driver_term) = terms[driver];
    let col = |c: &str| Expr::col((Alias::new(DRIVER), Alias::new(c)));
    let integer = match backend {
        DbBackend::MySql => "SIGNED",
        DbBackend::Postgres => "BIGINT",
        _ => "INTEGER",
    };
    // Words early in a text say what it is about: a little more for them.
    let early: SimpleExpr = CaseStatement::new()
        .case(col("position").lt(8), 2)
        .case(col("position").lt(32), 1)
        .finally(0)
        .into();
    let branches = match_branches(driver_term).into_iter().map(|branch| {
        let mut select = Query::select();
        match read {
            Read::Best(_) => {
                let score = col("weight").add(branch.quality).add(early.clone());
                select
                    .columns(
                        [
                            "subject_type",
                            "subject_id",
                            "holder_id",
                            "field",
                            "lang",
                            "position",
                        ]
                        .map(|c| (Alias::new(DRIVER), Alias::new(c))),
                    )
                    .expr_as(score.cast_as(Alias::new(integer)), Alias::new("score"));
            }
            Read::Records => {
                select.column((Alias::new(DRIVER), Alias::new("subject_id")));
            }
        }
        select
            .from_as(Alias::new(TABLE), Alias::new(DRIVER))
            .cond_where(branch.matches.clone())
            .cond_where(row_filters(viewer, search));
        for (n, group) in search.query.groups.iter().enumerate() {
            if n == driver_group {
                // The driver's phrase: its other words right before and after it, each
                // at most one row, by primary key. A scalar subquery, not EXISTS or a
                // join: PostgreSQL turns those into hash joins that read every row of
                // each word before the LIMIT applies (1.6 s for a phrase of common words
                // at M); a scalar subquery runs per driving row, read in index order, and
                // stops with the LIMIT (33 ms).
                for (i, term) in group.terms.iter().enumerate() {
                    if i != driver_index {
                        let offset = i as i64 - driver_index as i64;
                        let word =
                            same_text(viewer, DRIVER, &format!("g{n}_{i}"), term, Some(offset));
                        select.and_where(Expr::from(word).is_not_null());
                    }
                }
            } else {
                select.and_where(Expr::exists(phrase_in_record(viewer, n, &group.terms)));
            }
        }
        for (n, term) in search.query.excluded.iter().enumerate() {
            let alias = format!("x{n}");
            let mut excluded = Query::select();
            excluded
                .expr(Expr::val(1))
                .from_as(Alias::new(TABLE), Alias::new(alias.as_str()))
                .and_where(
                    Expr::col((Alias::new(alias.as_str()), Alias::new("subject_id")))
                        .equals((Alias::new(DRIVER), Alias::new("subject_id"))),
                )
                .cond_where(term_matches(&alias, term))
                .cond_where(viewer.can_see((
                    Alias::new(alias.as_str()),
                    Alias::new("effective_visibility"),
                )));
            select.and_where(Expr::exists(excluded).not());
        }
        if let Read::Best(cap) = read {
            branch.order(&mut select);
            select.limit(cap);
        }
        select
    });
    union_of(branches.collect::<Vec<_>>())
}

/// `terms` (a phrase, or one word) in any text of the driving row's record, consecutive.
fn phrase_in_record(viewer: Viewer, group: usize, terms: &[Term]) -> SelectStatement {
    // The first word in the driving record; each next one right after the one before.
    let aliases: Vec<String> = (0..terms.len()).map(|i| format!("g{group}_{i}")).collect();
    let mut inner: Option<SelectStatement> = None;
    for i in (1..terms.len()).rev() {
        let mut next = same_text(viewer, &aliases[i - 1], &aliases[i], &terms[i], Some(1));
        if let Some(inner) = inner.take() {
            next.and_where(Expr::exists(inner));
        }
        inner = Some(next);
    }
    let mut first = Query::select();
    first
        .expr(Expr::val(1))
        .from_as(Alias::new(TABLE), Alias::new(aliases[0].as_str()))
        .and_where(
            Expr::col((Alias::new(aliases[0].as_str()), Alias::new("subject_id")))
                .equals((Alias::new(DRIVER), Alias::new("subject_id"))),
        )
        .cond_where(term_matches(&aliases[0], &terms[0]))
        .cond_where(viewer.can_see((
            Alias::new(aliases[0].as_str()),
            Alias::new("effective_visibility"),
        )));
    if let Some(inner) = inner {
        first.and_where(Expr::exists(inner));
    }
    first
}

/// Rows `alias` of `term` in the same text as the rows `of`, `offset` places after them
/// when given.
fn same_text(
    viewer: Viewer,
    of: &str,
    alias: &str,
    term: &Term,
    offset: Option<i64>,
) -> SelectStatement {
    let here = |c: &str| Expr::col((Alias::new(alias), Alias::new(c)));
    let there = |c: &str| (Alias::new(of), Alias::new(c));
    let mut select = Query::select();
    select
        .expr(Expr::val(1))
        .from_as(Alias::new(TABLE), Alias::new(alias))
        .and_where(here("holder_id").equals(there("holder_id")))
        .and_where(here("field").equals(there("field")))
        .and_where(here("lang").equals(there("lang")));
    if let Some(offset) = offset {
        select.and_where(here("position").eq(Expr::col(there("position")).add(offset)));
    }
    select
        .cond_where(term_matches(alias, term))
        .cond_where(viewer.can_see((Alias::new(alias), Alias::new("effective_visibility"))));
    select
}

/// Rows of `alias` whose word matches `term` (exactly, by prefix or by skeleton).
fn term_matches(alias: &str, term: &Term) -> Condition {
    let col = |c: &str| Expr::col((Alias::new(alias), Alias::new(c)));
    let mut any = Condition::any().add(col("token").is_in(term.exact.iter().cloned()));
    if let Some(prefix) = &term.prefix {
        any = any.add(starts_with(col("token"), prefix));
    }
    if let Some(skeleton) = &term.skeleton {
        any = any.add(col("skeleton").eq(skeleton.as_str()));
    }
    any
}

/// `column` starts with `prefix`: a range its index answers, then an exact LIKE (a
/// linguistic collation may ignore characters when comparing; see `service::search`).
fn starts_with(column: Expr, prefix: &str) -> Condition {
    let mut cond = Condition::all().add(column.clone().gte(prefix));
    if let Some(end) = crate::service::search::after_prefix(prefix) {
        cond = cond.add(column.clone().lt(end));
    }
    let pattern = format!("{}%", crate::service::filter::escape_like(prefix));
    cond.add(column.like(LikeExpr::new(pattern).escape('\\')))
}

/// The conditions on the driving row alone: who may read it, and the filters.
fn row_filters(viewer: Viewer, search: &TextSearch) -> Condition {
    let col = |c: &str| Expr::col((Alias::new(DRIVER), Alias::new(c)));
    let mut cond = Condition::all()
        .add(viewer.can_see((Alias::new(DRIVER), Alias::new("effective_visibility"))))
        .add(col("subject_type").is_in(search.types.iter().map(|t| t.table())));
    if let Some(lang) = search.lang {
        cond = cond.add(col("lang").eq(lang.code()));
    }
    if search.from.is_some() || search.to.is_some() {
        // A record with no date never matches a date bound; an open end stays open.
        cond = cond.add(
            Condition::any()
                .add(col("date_earliest").is_not_null())
                .add(col("date_latest").is_not_null()),
        );
        if let Some(from) = search.from {
            cond = cond.add(
                Condition::any()
                    .add(col("date_latest").is_null())
                    .add(col("date_latest").gte(from)),
            );
        }
        if let Some(to) = search.to {
            cond = cond.add(
                Condition::any()
                    .add(col("date_earliest").is_null())
                    .add(col("date_earliest").lte(to)),
            );
        }
    }
    if let Some(min) = search.min_confidence {
        cond = cond.add(confident(viewer, min));
    }
    if let Some((node, id)) = search.about {
        cond = cond.add(about(viewer, node, id));
    }
    cond
}

/// Citations at `min` confidence or above: a citation hit is one, any other hit is
/// supported by one the reader may see.
fn confident(viewer: Viewer, min: Confidence) -> Condition {
    // Lowest first: `min` and everything after it.
    let order = [Confidence::Low, Confidence::Medium, Confidence::High];
    let levels: Vec<&str> = order
        .iter()
        .skip_while(|c| **c != min)
        .map(|c| c.as_db())
        .collect();
    let col = |c: &str| Expr::col((Alias::new(DRIVER), Alias::new(c)));
    let citations = |column: &str| {
        let mut select = Query::select();
        select
            .column(Alias::new(column))
            .from(Alias::new("citation"))
            .and_where(Expr::col(Alias::new("confidence")).is_in(levels.clone()))
            .cond_where(viewer.can_see(Alias::new("effective_visibility")));
        select
    };
    Condition::any()
        .add(
            Condition::all()
                .add(col("subject_type").eq(NodeType::Citation.table()))
                .add(col("subject_id").in_subquery(citations("id"))),
        )
        .add(
            Condition::all()
                .add(col("subject_type").ne(NodeType::Citation.table()))
                .add(col("subject_id").in_subquery(citations("subject_id"))),
        )
}

/// Hits about the record `id` of type `node`: it, and every record that points at it
/// (its postings, verdicts, testimonies, citations, statistics, sanctions), and the
/// events linked to it. Only references the reader may see count.
fn about(viewer: Viewer, node: NodeType, id: Uuid) -> Condition {
    let col = |c: &str| Expr::col((Alias::new(DRIVER), Alias::new(c)));
    let mut any = Condition::any().add(col("subject_id").eq(id));
    for &child in NodeType::RECORDS {
        for reference in refs_of(child) {
            if !reference.allowed.contains(node) {
                continue;
            }
            let (found, id_column) = if child == NodeType::EventLink {
                (NodeType::Event, "event_id")
            } else {
                (child, "id")
            };
            let mut select = Query::select();
            select
                .column(Alias::new(id_column))
                .from(Alias::new(child.table()))
                .and_where(Expr::col(Alias::new(reference.column)).eq(id))
                .cond_where(viewer.can_see(Alias::new("effective_visibility")));
            if let Some(type_column) = reference.type_column {
                select.and_where(Expr::col(Alias::new(type_column)).eq(node.table()));
            }
            any = any.add(
                Condition::all()
                    .add(col("subject_type").eq(found.table()))
                    .add(col("subject_id").in_subquery(select)),
            );
        }
    }
    any
}

/// The best candidate of each record.
fn best_per_record(candidates: SelectStatement) -> SelectStatement {
    let mut rank = WindowStatement::partition_by(Alias::new("subject_id"));
    rank.order_by(Alias::new("score"), Order::Desc)
        .order_by(Alias::new("field"), Order::Asc)
        .order_by(Alias::new("lang"), Order::Asc)
        .order_by(Alias::new("holder_id"), Order::Asc)
        .order_by(Alias::new("position"), Order::Asc);
    let mut ranked = Query::select();
    ranked
        .column(Asterisk)
        .from_subquery(candidates, Alias::new("candidates"))
        .expr_window_as(
            Expr::cust("ROW_NUMBER()"),
            rank,
            Alias::new("rank_in_record"),
        );
    let mut best = Query::select();
    best.columns(
        [
            "subject_type",
            "subject_id",
            "holder_id",
            "field",
            "lang",
            "score",
        ]
        .map(Alias::new),
    )
    .from_subquery(ranked, Alias::new("ranked"))
    .and_where(Expr::col(Alias::new("rank_in_record")).eq(1));
    best
}
