//! Reading records: by id in batches (for loaders and `node`) and top-level lists.

use sea_orm::sea_query::{Asterisk, Expr, ExprTrait};
use sea_orm::{Condition, ConnectionTrait, FromQueryResult};
use uuid::Uuid;

use crate::error::AppResult;
use crate::service::access::Viewer;
use crate::service::batch::padded;
use crate::service::page::{Page, Window};
use crate::service::records::{Record, Sort};
use crate::service::relations::visible;

/// The visible records among `ids`, in one statement; unknown or hidden ids are absent.
pub async fn by_ids<E: Record, C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    ids: &[Uuid],
) -> AppResult<Vec<E::Model>> {
    let table = E::default();
    let mut select = visible::<E>(viewer);
    select
        .column((table, Asterisk))
        .and_where(Expr::col((table, E::id_col())).is_in(padded(ids)));
    let rows = db.query_all(&select).await?;
    rows.iter()
        .map(|row| E::Model::from_query_result(row, "").map_err(Into::into))
        .collect()
}

/// One page of the visible records of `E` that match `filter`, counted when `count`.
pub async fn list<E: Record, C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    filter: Condition,
    sort: Sort,
    window: Window,
    count: bool,
) -> AppResult<Page<E::Model>> {
    let mut select = visible::<E>(viewer);
    select.cond_where(filter);
    crate::service::page_limit::top::<E, _>(db, select, sort, window, count).await
}
