//! Pagination in SQL: the page types, and the window plan. In the window plan a list —
//! top-level or nested under many parents at once — is one statement: the rows are
//! numbered with `ROW_NUMBER() OVER (PARTITION BY parent)` and counted with
//! `COUNT(*) OVER (PARTITION BY parent)`, and the outer query keeps only the requested
//! slice. No child rows beyond the page leave the database, but every row of the
//! parents is read and numbered; record lists use the LIMIT plans of `page_limit.rs`
//! where they can, which read only the rows a page returns.

use std::collections::HashMap;

use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, Func, Order, OverStatement, Query, SelectStatement,
    WindowStatement,
};
use sea_orm::{ConnectionTrait, FromQueryResult, IdenStatic, QueryResult};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::service::records::{Record, Sort, SortKey};

pub(crate) const PARENT: &str = "page_parent";
const ROW: &str = "page_row";
const TOTAL: &str = "page_total";
const SUBQUERY: &str = "page_rows";
const SOURCE: &str = "page_source";

/// The slice of an ordered list to return, as bounds on the 1-based row number:
/// rows with `skip < row`, `row <= upto` and, with `last`, `row > total - last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    skip: u64,
    upto: Option<u64>,
    last: Option<u64>,
}

/// Relay pagination arguments after cursors have been decoded to 0-based indexes.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<u64>,
    pub last: Option<i32>,
    pub before: Option<u64>,
}

impl Window {
    /// The 1-based number of the last row the window can hold, if bounded.
    pub fn end(&self) -> Option<u64> {
        self.upto
    }

    /// How many rows of the ordering come before the window.
    pub fn start(&self) -> u64 {
        self.skip
    }

    /// The first `limit` rows, for lists returned whole (up to a cap) rather than paged.
    pub fn first(limit: u32) -> AppResult<Window> {
        Window::new(
            PageArgs {
                first: Some(limit as i32),
                ..PageArgs::default()
            },
            limit,
        )
    }

    /// Validates the arguments against the page-size cap and turns them into a window.
    /// Without `first` or `last`, the first `max` rows are returned.
    pub fn new(args: PageArgs, max: u32) -> AppResult<Window> {
        let check = |name: &str, value: Option<i32>| -> AppResult<Option<u64>> {
            match value {
                None => Ok(None),
                Some(n) if n < 0 || n as i64 > max as i64 => Err(AppError::bad_input(format!(
                    "`{name}` must be between 0 and {max}, got {n}; fetch more with `after: pageInfo.endCursor`"
                ))),
                Some(n) => Ok(Some(n as u64)),
            }
        };
        let first = check("first", args.first)?;
        let last = check("last", args.last)?;
        let skip = args.after.map_or(0, |a| a.saturating_add(1));
        let mut upto = args.before;
        if let Some(first) = first.or(if last.is_none() {
            Some(max as u64)
        } else {
            None
        }) {
            let end = skip.saturating_add(first);
            upto = Some(upto.map_or(end, |u| Ord::min(u, end)));
        }
        let (skip, last) = match (last, upto) {
            (Some(last), Some(upto)) => (Ord::max(skip, upto.saturating_sub(last)), None),
            (last, _) => (skip, last),
        };
        Ok(Window { skip, upto, last })
    }
}

/// One page of a list, with the 0-based index of each item in the whole ordering.
#[derive(Debug, Clone)]
pub struct Page<M> {
    pub items: Vec<(u64, M)>,
    /// How many records the whole list holds; `None` when the list was not counted
    /// (a LIMIT plan, for a query that did not ask for `totalCount`).
    pub total: Option<u64>,
    skip: u64,
    /// Whether records follow the page, when the plan saw it directly (a LIMIT plan
    /// reads one row past the page); otherwise it follows from `total`.
    more: Option<bool>,
}

impl<M> Page<Option<M>> {
    /// Drops the items that turned out to be absent, keeping the others' positions.
    pub fn flatten(self) -> Page<M> {
        let items = self
            .items
            .into_iter()
            .filter_map(|(index, item)| Some((index, item?)))
            .collect();
        Page {
            items,
            total: self.total,
            skip: self.skip,
            more: self.more,
        }
    }
}

impl<M> Page<M> {
    fn empty(skip: u64) -> Self {
        Page {
            items: Vec::new(),
            total: Some(0),
            skip,
            more: None,
        }
    }

    /// The window of a whole list read into memory (a record's history: short, and
    /// filtered in Rust), numbered as SQL would number it.
    pub fn of_list(list: Vec<M>, window: Window) -> Self {
        let total = list.len() as u64;
        let mut start = window.skip;
        if let Some(last) = window.last {
            start = Ord::max(start, total.saturating_sub(last));
        }
        let end = window.upto.map_or(total, |u| Ord::min(u, total));
        let items = list
            .into_iter()
            .enumerate()
            .map(|(i, m)| (i as u64, m))
            .filter(|(i, _)| *i >= start && *i < end)
            .collect();
        Page {
            items,
            total: Some(total),
            skip: window.skip,
            more: None,
        }
    }

    /// A page that holds `items` of a list of `total`.
    pub fn from_items(items: Vec<(u64, M)>, total: u64) -> Self {
        Page {
            items,
            total: Some(total),
            skip: 0,
            more: None,
        }
    }

    /// The page of a LIMIT plan: `items` from position `skip`, `more` when a row
    /// followed them, `total` when the list was counted.
    pub fn limited(items: Vec<(u64, M)>, skip: u64, more: bool, total: Option<u64>) -> Self {
        Page {
            items,
            total,
            skip,
            more: Some(more),
        }
    }

    /// The same page with each item converted.
    pub fn map<N>(self, f: impl FnMut(M) -> N) -> Page<N> {
        let mut f = f;
        let items = self
            .items
            .into_iter()
            .map(|(index, item)| (index, f(item)))
            .collect();
        Page {
            items,
            total: self.total,
            skip: self.skip,
            more: self.more,
        }
    }

    /// The same page with each item converted, or the first error.
    pub fn try_map<N, E>(self, mut f: impl FnMut(M) -> Result<N, E>) -> Result<Page<N>, E> {
        let items = self
            .items
            .into_iter()
            .map(|(index, item)| Ok((index, f(item)?)))
            .collect::<Result<_, E>>()?;
        Ok(Page {
            items,
            total: self.total,
            skip: self.skip,
            more: self.more,
        })
    }

    pub fn has_previous_page(&self) -> bool {
        self.items
            .first()
            .map_or(self.skip > 0, |(index, _)| *index > 0)
    }

    pub fn has_next_page(&self) -> bool {
        self.more.unwrap_or_else(|| {
            self.items
                .last()
                .is_some_and(|(index, _)| index + 1 < self.total.unwrap_or(0))
        })
    }
}

/// Rows to page: `select` has its columns (and, when nested, the parent key aliased as
/// `page_parent`); `order` names columns of `select` (ties must be broken by the caller).
pub struct Paged {
    pub select: SelectStatement,
    pub nested: bool,
    pub order: Vec<OrderColumn>,
}

/// One ordering term over a column of a `Paged` select.
#[derive(Debug, Clone)]
pub struct OrderColumn {
    pub column: String,
    pub order: Order,
    /// Rows with NULL here go last in either direction, the same on every database.
    pub nulls_last: bool,
}

impl OrderColumn {
    pub fn new(column: impl Into<String>, order: Order) -> Self {
        OrderColumn {
            column: column.into(),
            order,
            nulls_last: false,
        }
    }
}

impl Paged {
    /// Fetches one page per parent (or the single top-level page under `Uuid::nil()`).
    pub async fn fetch<C: ConnectionTrait>(
        self,
        db: &C,
        window: Window,
    ) -> AppResult<HashMap<Uuid, Page<QueryResult>>> {
        let rows = db.query_all(&self.windowed(window)).await?;
        let mut pages: HashMap<Uuid, Page<QueryResult>> = HashMap::new();
        for row in rows {
            let parent = self.parent_of(&row)?;
            let total = u64::try_from(row.try_get::<i64>("", TOTAL)?).unwrap_or(0);
            let page = pages
                .entry(parent)
                .or_insert_with(|| Page::empty(window.skip));
            page.total = Some(total);
            // Rows come in row-number order, so the index follows from the window's start.
            let start = match window.last {
                Some(last) => Ord::max(window.skip, total.saturating_sub(last)),
                None => window.skip,
            };
            let index = start + page.items.len() as u64;
            page.items.push((index, row));
        }
        if window.skip > 0 && (self.nested || !pages.contains_key(&Uuid::nil())) {
            let counted = self.counts(db).await?;
            for (parent, total) in counted {
                pages
                    .entry(parent)
                    .or_insert_with(|| Page::empty(window.skip))
                    .total
                    .get_or_insert(total);
            }
        }
        if !self.nested {
            pages
                .entry(Uuid::nil())
                .or_insert_with(|| Page::empty(window.skip));
        }
        Ok(pages)
    }

    fn parent_of(&self, row: &QueryResult) -> AppResult<Uuid> {
        Ok(if self.nested {
            row.try_get::<Uuid>("", PARENT)?
        } else {
            Uuid::nil()
        })
    }

    /// How many rows each parent's list holds (rows past the end leave a window-plan
    /// page empty and its total unknown; a LIMIT plan counts only when asked). Parents
    /// without rows are left out.
    pub async fn counts<C: ConnectionTrait>(&self, db: &C) -> AppResult<HashMap<Uuid, u64>> {
        let mut count = Query::select();
        count.from_subquery(self.select.clone(), Alias::new(SOURCE));
        if self.nested {
            count
                .column(Alias::new(PARENT))
                .group_by_col(Alias::new(PARENT));
        }
        count.expr_as(Func::count(Expr::col(Asterisk)), Alias::new(TOTAL));
        let mut totals = HashMap::new();
        for row in db.query_all(&count).await? {
            let parent = self.parent_of(&row)?;
            let total = u64::try_from(row.try_get::<i64>("", TOTAL)?).unwrap_or(0);
            totals.insert(parent, total);
        }
        Ok(totals)
    }

    fn windowed(&self, window: Window) -> SelectStatement {
        let source = || Alias::new(SOURCE);
        let mut numbering = WindowStatement::new();
        let mut counting = WindowStatement::new();
        if self.nested {
            numbering.add_partition_by(Expr::col((source(), Alias::new(PARENT))));
            counting.add_partition_by(Expr::col((source(), Alias::new(PARENT))));
        }
        for term in &self.order {
            let col = Expr::col((source(), Alias::new(term.column.as_str())));
            if term.nulls_last {
                numbering.order_by_expr(col.clone().is_null(), Order::Asc);
            }
            numbering.order_by_expr(col, term.order.clone());
        }
        let mut numbered = Query::select();
        numbered
            .column((source(), Asterisk))
            .from_subquery(self.select.clone(), source())
            .expr_window_as(Expr::cust("ROW_NUMBER()"), numbering, Alias::new(ROW))
            .expr_window_as(
                Func::count(Expr::col(Asterisk)),
                counting,
                Alias::new(TOTAL),
            );

        let row = || Expr::col(Alias::new(ROW));
        let mut outer = Query::select();
        outer
            .column(Asterisk)
            .from_subquery(numbered, Alias::new(SUBQUERY))
            .and_where(row().gt(window.skip));
        if let Some(upto) = window.upto {
            outer.and_where(row().lte(upto));
        }
        if let Some(last) = window.last {
            outer.and_where(row().gt(Expr::col(Alias::new(TOTAL)).sub(last)));
        }
        if self.nested {
            outer.order_by(Alias::new(PARENT), Order::Asc);
        }
        outer.order_by(Alias::new(ROW), Order::Asc);
        outer
    }
}

/// A list of `E` records: `select` has its FROM, joins and WHERE but no columns yet;
/// `parent`, when present, is the value whose rows form one page per parent (a column
/// for a batch of parents, the enclosing statement's parent for a per-parent read).
pub struct Listing<E: Record> {
    pub select: SelectStatement,
    pub parent: Option<Expr>,
    pub entity: E,
}

impl<E: Record> Listing<E> {
    /// A top-level list of `E` rows matching `select`'s conditions.
    pub fn top(select: SelectStatement) -> Self {
        Listing {
            select,
            parent: None,
            entity: E::default(),
        }
    }

    /// Pages of `E` rows grouped by `parent` (one page per parent id).
    pub fn nested(select: SelectStatement, parent: Expr) -> Self {
        Listing {
            select,
            parent: Some(parent),
            entity: E::default(),
        }
    }

    /// The ordering of `sort`, ties broken by id.
    pub fn order(sort: Sort) -> Vec<OrderColumn> {
        let direction = if sort.descending {
            Order::Desc
        } else {
            Order::Asc
        };
        let mut sort_term = OrderColumn::new(E::sort_col(sort.key).as_str(), direction);
        sort_term.nulls_last = sort.key == SortKey::Date;
        vec![
            sort_term,
            OrderColumn::new(E::id_col().as_str(), Order::Asc),
        ]
    }

    /// The rows with their columns (and the parent as `page_parent`), ready to page.
    pub fn paged(self, sort: Sort) -> Paged {
        let mut select = self.select;
        select.column((self.entity, Asterisk));
        if let Some(parent) = &self.parent {
            select.expr_as(parent.clone(), Alias::new(PARENT));
        }
        Paged {
            select,
            nested: self.parent.is_some(),
            order: Listing::<E>::order(sort),
        }
    }

    /// Fetches one page per parent (or the single top-level page under `Uuid::nil()`)
    /// with the window plan, every page counted.
    pub async fn fetch<C: ConnectionTrait>(
        self,
        db: &C,
        sort: Sort,
        window: Window,
    ) -> AppResult<HashMap<Uuid, Page<E::Model>>> {
        let pages = self.paged(sort).fetch(db, window).await?;
        models::<E>(pages)
    }
}

/// Reads the rows of pages as models of `E`.
pub fn models<E: Record>(
    pages: HashMap<Uuid, Page<QueryResult>>,
) -> AppResult<HashMap<Uuid, Page<E::Model>>> {
    pages
        .into_iter()
        .map(|(parent, page)| {
            Ok((
                parent,
                page.try_map(|row| E::Model::from_query_result(&row, ""))?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(
        first: Option<i32>,
        after: Option<u64>,
        last: Option<i32>,
        before: Option<u64>,
    ) -> Window {
        Window::new(
            PageArgs {
                first,
                after,
                last,
                before,
            },
            100,
        )
        .unwrap()
    }

    #[test]
    fn first_after_and_before_become_row_bounds() {
        assert_eq!(
            window(None, None, None, None),
            Window {
                skip: 0,
                upto: Some(100),
                last: None
            }
        );
        assert_eq!(
            window(Some(10), Some(4), None, None),
            Window {
                skip: 5,
                upto: Some(15),
                last: None
            }
        );
        assert_eq!(
            window(None, None, Some(3), Some(10)),
            Window {
                skip: 7,
                upto: Some(10),
                last: None
            }
        );
        assert_eq!(
            window(None, None, Some(3), None),
            Window {
                skip: 0,
                upto: None,
                last: Some(3)
            }
        );
        assert_eq!(
            window(Some(5), None, Some(2), None),
            Window {
                skip: 3,
                upto: Some(5),
                last: None
            }
        );
    }

    #[test]
    fn page_sizes_outside_the_cap_are_bad_input() {
        for args in [
            PageArgs {
                first: Some(-1),
                ..Default::default()
            },
            PageArgs {
                first: Some(101),
                ..Default::default()
            },
            PageArgs {
                last: Some(1000),
                ..Default::default()
            },
        ] {
            let err = Window::new(args, 100).unwrap_err();
            assert_eq!(err.code(), "BAD_USER_INPUT");
        }
    }
}
