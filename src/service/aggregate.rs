//! Counts for dashboards, computed in SQL with GROUP BY: one statement each, over the
//! same visible rows and filters as the lists, so a hidden record is never counted.

use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, Func, JoinType, Order, SelectStatement, SimpleExpr,
};
use sea_orm::{Condition, ConnectionTrait, DbBackend};
use uuid::Uuid;

use crate::error::AppResult;
use crate::service::access::Viewer;
use crate::service::records::Record;
use crate::service::relations::visible;
use crate::service::translations::COLUMN as TRANSLATIONS_COLUMN;

/// One bar of a chart: the group's key and how many rows fall in it. `key` is `None`
/// for rows without a value (an undated verdict counted by year).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket<K> {
    pub key: Option<K>,
    pub label: Option<String>,
    /// The related record's `translations` (its label in other languages), for buckets
    /// keyed by a record.
    pub translations: Option<String>,
    pub count: u64,
}

/// How to group rows of `E`.
pub enum GroupBy<E: Record> {
    /// By the value of a column.
    Column(E::Column),
    /// By the year of a date column.
    Year(E::Column),
}

const KEY: &str = "bucket_key";
const LABEL: &str = "bucket_label";
const TRANSLATIONS: &str = "bucket_translations";
const COUNT: &str = "bucket_count";

/// Counts the visible rows of `E` matching `filter`, per group, ordered by key.
pub async fn count_by<E: Record, C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    filter: Condition,
    group: GroupBy<E>,
) -> AppResult<Vec<Bucket<String>>> {
    let table = E::default();
    let key: SimpleExpr = match group {
        GroupBy::Column(col) => Expr::col((table, col)),
        GroupBy::Year(col) => year_of(db.get_database_backend(), Expr::col((table, col))),
    };
    let mut select = visible::<E>(viewer);
    select.cond_where(filter);
    value_buckets(db, select, key, Func::count(Expr::col(Asterisk)).into()).await
}

/// Finishes `select` as buckets keyed by the value `key`, each `count` high, ordered by
/// key.
pub async fn value_buckets<C: ConnectionTrait>(
    db: &C,
    mut select: SelectStatement,
    key: Expr,
    count: Expr,
) -> AppResult<Vec<Bucket<String>>> {
    select
        .expr_as(key, Alias::new(KEY))
        .expr_as(count, Alias::new(COUNT))
        // Grouping by the alias: PostgreSQL cannot match two copies of an expression
        // with bound parameters (`to_char(x, $1)` and `to_char(x, $2)`).
        .group_by_col(Alias::new(KEY))
        .order_by(Alias::new(KEY), Order::Asc);
    let rows = db.query_all(&select).await?;
    rows.iter()
        .map(|row| {
            Ok(Bucket {
                key: row.try_get::<Option<String>>("", KEY)?,
                label: None,
                translations: None,
                count: u64::try_from(row.try_get::<i64>("", COUNT)?).unwrap_or(0),
            })
        })
        .collect()
}

/// Counts the visible rows of `E` matching `filter` per related record `P` reached by
/// the foreign key `fk` (e.g. postings per branch), labelled with `P`'s `label` column
/// and its `translations` (so `P` is a record type with translatable text).
/// Rows whose related record is hidden are not counted.
pub async fn count_by_related<E: Record, P: Record, C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    filter: Condition,
    fk: E::Column,
    label: P::Column,
) -> AppResult<Vec<Bucket<Uuid>>> {
    let (table, parent) = (E::default(), P::default());
    let mut select = visible::<E>(viewer);
    select.cond_where(filter).join(
        JoinType::InnerJoin,
        parent,
        Condition::all()
            .add(Expr::col((parent, P::id_col())).equals((table, fk)))
            .add(viewer.can_see((parent, P::effective_col()))),
    );
    record_buckets(
        db,
        select,
        Expr::col((parent, P::id_col())),
        Expr::col((parent, label)),
        Expr::col((parent, Alias::new(TRANSLATIONS_COLUMN))),
        Func::count(Expr::col(Asterisk)).into(),
    )
    .await
}

/// Postings matching `filter` counted per agency of their branch (visible branches and
/// agencies only), labelled with the agency's name: one statement with two joins.
pub async fn postings_by_agency<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    filter: Condition,
) -> AppResult<Vec<Bucket<Uuid>>> {
    use entity::{agency, branch, posting};
    let mut select = visible::<posting::Entity>(viewer);
    select
        .cond_where(filter)
        .join(
            JoinType::InnerJoin,
            branch::Entity,
            Condition::all()
                .add(
                    Expr::col((branch::Entity, branch::Column::Id))
                        .equals((posting::Entity, posting::Column::BranchId)),
                )
                .add(viewer.can_see((branch::Entity, branch::Column::EffectiveVisibility))),
        )
        .join(
            JoinType::InnerJoin,
            agency::Entity,
            Condition::all()
                .add(
                    Expr::col((agency::Entity, agency::Column::Id))
                        .equals((branch::Entity, branch::Column::AgencyId)),
                )
                .add(viewer.can_see((agency::Entity, agency::Column::EffectiveVisibility))),
        );
    record_buckets(
        db,
        select,
        Expr::col((agency::Entity, agency::Column::Id)),
        Expr::col((agency::Entity, agency::Column::Name)),
        Expr::col((agency::Entity, agency::Column::Translations)),
        Func::count(Expr::col(Asterisk)).into(),
    )
    .await
}

/// Finishes `select` as buckets keyed by a record: `key` its id, `label` and
/// `translations` its words, each bucket `count` high; the largest first.
pub async fn record_buckets<C: ConnectionTrait>(
    db: &C,
    mut select: SelectStatement,
    key: Expr,
    label: Expr,
    translations: Expr,
    count: Expr,
) -> AppResult<Vec<Bucket<Uuid>>> {
    select
        .expr_as(key, Alias::new(KEY))
        .expr_as(label, Alias::new(LABEL))
        .expr_as(Func::max(translations), Alias::new(TRANSLATIONS))
        .expr_as(count, Alias::new(COUNT))
        .group_by_col(Alias::new(KEY))
        .group_by_col(Alias::new(LABEL))
        .order_by(Alias::new(COUNT), Order::Desc)
        .order_by(Alias::new(LABEL), Order::Asc);
    let rows = db.query_all(&select).await?;
    rows.iter()
        .map(|row| {
            Ok(Bucket {
                key: Some(row.try_get::<Uuid>("", KEY)?),
                label: row.try_get::<Option<String>>("", LABEL)?,
                translations: row.try_get::<Option<String>>("", TRANSLATIONS)?,
                count: u64::try_from(row.try_get::<i64>("", COUNT)?).unwrap_or(0),
            })
        })
        .collect()
}

/// The four-digit year of a date, as text, in each database's dialect.
fn year_of(backend: DbBackend, date: SimpleExpr) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => Func::cust("to_char").arg(date).arg("YYYY").into(),
        DbBackend::MySql => Func::cust("DATE_FORMAT").arg(date).arg("%Y").into(),
        _ => Func::cust("strftime").arg("%Y").arg(date).into(),
    }
}
