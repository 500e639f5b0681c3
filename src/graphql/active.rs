//! Lists of postings and facility operations active at a date (`personnel(at:)`,
//! `postings(at:)`, `operations(at:)`), each record saying how certainly it was active
//! (its `certainty`). The rows are cut in SQL (`service::active`); the certainty of
//! each is `period::active_at` over the bounds it stores.

use std::sync::Arc;

use async_graphql::{Context, Result};
use uuid::Uuid;

use crate::edtf::Edtf;
use crate::graphql::connection::{
    AsOf, Connection, HasConnection, ModelOf, Paging, ReadAt, asks_total, child_page, children,
    from_page,
};
use crate::graphql::context::RequestState;
use crate::graphql::scalars::{Period, date_argument};
use crate::graphql::types::Certainty;
use crate::service::active::{Active, ActiveAt, PeriodTable};
use crate::service::page::{Page, Window};
use crate::service::records::{Record, Sort};
use crate::service::relations::ToMany;

/// A record listed as active at a date, carrying how certainly.
pub trait ListedActive: HasConnection + From<ModelOf<Self::Table>> + ReadAt {
    type Table: PeriodTable;
    fn listed(model: Arc<ModelOf<Self::Table>>, certainty: Option<Certainty>) -> Self;
}

/// The `at` argument of a dated list: required (`String`) or optional.
pub trait AtArgument {
    fn text(&self) -> Option<&str>;
}

impl AtArgument for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl AtArgument for Option<String> {
    fn text(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// What the caller asked: the date (EDTF text) and the least certainty to keep.
pub struct AskedAt<'a> {
    pub at: Option<&'a str>,
    pub certainty: Option<Certainty>,
}

/// One page of relation `R` under `parent`: all of it, or only what was active at
/// `asked.at` (at least `POSSIBLE`ly, or `CERTAIN`ly when asked), each with its certainty.
pub async fn dated_children<R, T>(
    ctx: &Context<'_>,
    as_of: AsOf,
    relation: R,
    parent: Uuid,
    asked: AskedAt<'_>,
    sort: Sort,
    paging: Paging,
) -> Result<Connection<T>>
where
    R: ToMany,
    R::Child: PeriodTable,
    T: ListedActive<Table = R::Child>,
    ModelOf<R::Child>: Period,
{
    let Some(at) = asked.at else {
        if asked.certainty.is_some() {
            return Err(crate::error::AppError::bad_input(
                "`certainty` needs `at`: give the date the records must have been active at",
            )
            .into());
        }
        return children::<R, T>(ctx, as_of, relation, parent, sort, paging).await;
    };
    let at = date_argument(at)?;
    let least = asked.certainty.unwrap_or(Certainty::Possible);
    let state = RequestState::of(ctx)?;
    let kind = R::Child::NODE.name();
    let window = paging.window(kind, state.max_page_size)?;
    let page =
        active_page::<R, T>(ctx, as_of, relation, parent, (&at, least), sort, window).await?;
    Ok(from_page::<T, T>(kind, page))
}

/// One page of relation `R`'s children of `parent` active at `at`, at least as
/// certainly as asked, each with its certainty, as of the parent's instant.
pub async fn active_page<R, T>(
    ctx: &Context<'_>,
    as_of: AsOf,
    relation: R,
    parent: Uuid,
    (at, least): (&Edtf, Certainty),
    sort: Sort,
    window: Window,
) -> Result<Page<T>>
where
    R: ToMany,
    R::Child: PeriodTable,
    T: ListedActive<Table = R::Child>,
    ModelOf<R::Child>: Period,
{
    let active = Active {
        relation,
        at: ActiveAt::new(at, least.into()),
    };
    let page = child_page(ctx, as_of, active, parent, sort, window, asks_total(ctx)).await?;
    Ok(page.map(|model| {
        let certainty = model.certainty_at(at);
        T::listed(Arc::new(model), certainty).read_at(as_of)
    }))
}
