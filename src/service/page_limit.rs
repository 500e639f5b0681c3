//! Pages that read only the rows they return. A top-level list is `ORDER BY … LIMIT`
//! from the page's start; a nested list is one statement for a whole batch of parents
//! that takes the first rows of each parent by itself, walking an index on (parent,
//! sort key) and stopping at the page's end: on PostgreSQL a `LATERAL` subquery per
//! parent, on SQLite a correlated `IN (SELECT … LIMIT)`. Either reads one row past the
//! page, which tells whether another follows, and counts a list only when the query asks
//! for `totalCount` (one grouped count over the parents' index ranges).
//!
//! MariaDB has neither form, and a page whose end is not known (`last` without
//! `before`) needs the count first: both keep the window plan of `page.rs`, which
//! numbers every row of the parents.

use std::collections::HashMap;

use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, JoinType, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, QueryResult};
use uuid::Uuid;

use crate::error::AppResult;
use crate::service::access::Viewer;
use crate::service::page::{Listing, OrderColumn, PARENT, Page, Window, models};
use crate::service::records::{Record, Sort};

/// The VALUES list of parents a per-parent read walks, and its one column.
const PARENTS: &str = "page_parents";
const PARENT_ID: &str = "column1";
/// The per-parent rows on PostgreSQL.
const ROWS: &str = "page_rows";

/// Which parents a nested listing is built for.
#[derive(Debug, Clone)]
pub enum Parents<'a> {
    /// A batch of parents read together, each row carrying its parent (the window plan).
    Batch(&'a [Uuid]),
    /// The one parent an enclosing statement names; at most `limit` rows are needed.
    Outer { parent: Expr, limit: u64 },
}

impl Parents<'_> {
    /// The condition that `column`, a parent key, names one of these parents.
    pub fn matched_by(&self, column: Expr) -> Expr {
        match self {
            Parents::Batch(ids) => column.is_in(crate::service::batch::padded(ids)),
            Parents::Outer { parent, .. } => column.eq(parent.clone()),
        }
    }
}

/// The end of the page when a per-parent read serves `backend` and `window`; `None`
/// leaves it to the window plan.
fn per_parent_end(backend: DbBackend, window: Window) -> Option<u64> {
    match backend {
        DbBackend::Postgres | DbBackend::Sqlite => window.end(),
        _ => None,
    }
}

/// One page of the top-level list of `E` rows matching `select`'s conditions, counted
/// when `count`.
pub async fn top<E: Record, C: ConnectionTrait>(
    db: &C,
    select: SelectStatement,
    sort: Sort,
    window: Window,
    count: bool,
) -> AppResult<Page<E::Model>> {
    let Some(end) = window.end() else {
        let mut pages = Listing::<E>::top(select).fetch(db, sort, window).await?;
        return Ok(pages
            .remove(&Uuid::nil())
            .unwrap_or_else(|| Page::from_items(Vec::new(), 0)));
    };
    let skip = window.start();
    let total = if count {
        let counted = Listing::<E>::top(select.clone())
            .paged(sort)
            .counts(db)
            .await?;
        Some(counted.get(&Uuid::nil()).copied().unwrap_or(0))
    } else {
        None
    };
    let wanted = end.saturating_sub(skip);
    let mut rows = Vec::new();
    if wanted > 0 {
        let paged = Listing::<E>::top(select).paged(sort);
        let mut select = paged.select;
        order_by(&mut select, &paged.order, |c| of_table::<E>(c));
        select.limit(wanted + 1).offset(skip);
        rows = db.query_all(&select).await?;
    }
    let more = rows.len() as u64 > wanted;
    let items = rows
        .into_iter()
        .take(wanted as usize)
        .enumerate()
        .map(|(i, row)| (skip + i as u64, row))
        .collect();
    Ok(Page::limited(items, skip, more, total)
        .try_map(|row| E::Model::from_query_result(&row, ""))?)
}

/// One page of children per parent of `parents`; `listing` builds the relation's rows
/// for a batch of parents or for the one parent of a per-parent read. Pages are counted
/// when `count` (the window plan counts them anyway).
pub async fn nested<E: Record, C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    parents: &[Uuid],
    listing: impl Fn(&Parents) -> Listing<E>,
    sort: Sort,
    window: Window,
    count: bool,
) -> AppResult<HashMap<Uuid, Page<E::Model>>> {
    // Each parent once: a parent named twice in the VALUES list would have its rows twice.
    let mut unique = parents.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let parents = unique.as_slice();
    let backend = db.get_database_backend();
    let Some(end) = per_parent_end(backend, window) else {
        return listing(&Parents::Batch(parents))
            .fetch(db, sort, window)
            .await;
    };
    let skip = window.start();
    let mut totals = if count {
        listing(&Parents::Batch(parents))
            .paged(sort)
            .counts(db)
            .await?
    } else {
        HashMap::new()
    };
    let mut rows_of: HashMap<Uuid, Vec<QueryResult>> = HashMap::new();
    if end > skip {
        let outer = Parents::Outer {
            parent: Expr::col((Alias::new(PARENTS), Alias::new(PARENT_ID))),
            limit: end + 1,
        };
        let statement = match backend {
            DbBackend::Postgres => lateral(listing(&outer), parents, sort, end + 1),
            _ => correlated_in(listing(&outer), viewer, parents, sort, end + 1),
        };
        for row in db.query_all(&statement).await? {
            let parent: Uuid = row.try_get("", PARENT)?;
            rows_of.entry(parent).or_default().push(row);
        }
    }
    let mut pages = HashMap::with_capacity(parents.len());
    for parent in parents {
        let rows = rows_of.remove(parent).unwrap_or_default();
        let more = rows.len() as u64 > end;
        let items: Vec<(u64, QueryResult)> = rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| (i as u64, row))
            .filter(|(i, _)| *i >= skip && *i < end)
            .collect();
        let total = count.then(|| totals.remove(parent).unwrap_or(0));
        pages.insert(*parent, Page::limited(items, skip, more, total));
    }
    models::<E>(pages)
}

/// The parents as a VALUES list (`page_parents.column1`), padded with the nil id, which
/// no record has, to a power of two so that statement texts repeat.
fn parent_values(select: &mut SelectStatement, parents: &[Uuid]) {
    let padding = parents.len().next_power_of_two() - parents.len();
    let values = parents
        .iter()
        .copied()
        .chain(std::iter::repeat_n(Uuid::nil(), padding));
    select.from_values(values, Alias::new(PARENTS));
}

/// PostgreSQL: each parent's first `limit` rows in a LATERAL subquery.
fn lateral<E: Record>(
    listing: Listing<E>,
    parents: &[Uuid],
    sort: Sort,
    limit: u64,
) -> SelectStatement {
    let paged = listing.paged(sort);
    let mut rows = paged.select;
    order_by(&mut rows, &paged.order, |c| of_table::<E>(c));
    rows.limit(limit);
    let mut select = Query::select();
    select.column((Alias::new(ROWS), Asterisk));
    parent_values(&mut select, parents);
    select.join_lateral(
        JoinType::InnerJoin,
        rows,
        Alias::new(ROWS),
        Expr::cust("TRUE"),
    );
    select.order_by((Alias::new(ROWS), Alias::new(PARENT)), Order::Asc);
    order_by(&mut select, &paged.order, |c| {
        Expr::col((Alias::new(ROWS), Alias::new(c)))
    });
    select
}

/// SQLite: the rows of `E` whose id is among each parent's first `limit` (a correlated
/// subquery SQLite runs once per parent, along the index). The rows are read as
/// `viewer` reads them: as of its instant, from their versions.
fn correlated_in<E: Record>(
    listing: Listing<E>,
    viewer: Viewer,
    parents: &[Uuid],
    sort: Sort,
    limit: u64,
) -> SelectStatement {
    let table = E::default();
    let order = Listing::<E>::order(sort);
    let mut ids = listing.select;
    ids.column((table, E::id_col()));
    order_by(&mut ids, &order, |c| of_table::<E>(c));
    ids.limit(limit);
    let mut select = Query::select();
    parent_values(&mut select, parents);
    select.column((table, Asterisk)).expr_as(
        Expr::col((Alias::new(PARENTS), Alias::new(PARENT_ID))),
        Alias::new(PARENT),
    );
    let on = Expr::col((table, E::id_col())).in_subquery(ids);
    match crate::service::versions::read_as_of::<E>(viewer) {
        None => select.inner_join(table, on),
        Some(rows) => select.join_subquery(JoinType::InnerJoin, rows, table, on),
    };
    select.order_by(Alias::new(PARENT), Order::Asc);
    order_by(&mut select, &order, |c| of_table::<E>(c));
    select
}

/// A column of `E`'s table.
fn of_table<E: Record>(column: &str) -> Expr {
    Expr::col((E::default(), Alias::new(column)))
}

/// Orders `select` by `terms`, each column named by `column`.
fn order_by(select: &mut SelectStatement, terms: &[OrderColumn], column: impl Fn(&str) -> Expr) {
    for term in terms {
        let column = column(term.column.as_str());
        if term.nulls_last {
            select.order_by_expr(column.clone().is_null(), Order::Asc);
        }
        select.order_by_expr(column, term.order.clone());
    }
}
