//! Counts kept as the data changes, for the charts over the largest table. Postings
//! grow with the data (a million at L) and `postingCounts` is a dashboard's first chart:
//! counting them live reads every posting. `posting_tally` holds how many postings each
//! (branch, role, effective visibility) has; a chart without a filter sums it for the
//! levels the viewer may see, so a hidden posting is never counted for those who may not
//! see it, and the cost follows the number of branches, not of postings. A chart with a
//! filter still counts live (`aggregate.rs`).
//!
//! The domain layer keeps the tally in each write's own transaction, which holds the
//! write lock, so concurrent writes cannot interleave: a posting's branch is recounted
//! after every write that touched it or changed its visibility (`write::settle`), and the
//! branch a posting leaves is recounted when the row is overwritten
//! (`write::store_changed`). Recounting a branch's rows, rather than adding and
//! subtracting, keeps the tally right whatever the write did.

use std::collections::BTreeSet;

use entity::{agency, branch, posting};
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, Func, InsertStatement, JoinType, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, IdenStatic, Statement};
use uuid::Uuid;

use crate::error::AppResult;
use crate::ids::NodeType;
use crate::service::access::Viewer;
use crate::service::aggregate::{Bucket, record_buckets, value_buckets};
use crate::service::batch::padded;
use crate::service::records::Record;
use crate::service::visibility::RecordSet;

const TABLE: &str = "posting_tally";
const BRANCH: &str = "branch_id";
const ROLE: &str = "role";
const LEVEL: &str = "level";
const POSTINGS: &str = "postings";
/// Ids bound per statement.
const CHUNK: usize = 500;

fn table() -> Alias {
    Alias::new(TABLE)
}

fn col(name: &str) -> Expr {
    Expr::col((table(), Alias::new(name)))
}

/// The branches a write touched through its postings: those the postings it wrote or
/// whose visibility it changed are in now.
pub async fn branches_of<C: ConnectionTrait>(
    db: &C,
    sets: &[&RecordSet],
) -> AppResult<BTreeSet<Uuid>> {
    let postings: Vec<Uuid> = sets
        .iter()
        .filter_map(|set| set.get(&NodeType::Posting))
        .flatten()
        .copied()
        .collect();
    let mut branches = BTreeSet::new();
    for chunk in postings.chunks(CHUNK) {
        let mut select = Query::select();
        select
            .distinct()
            .column((posting::Entity, posting::Column::BranchId))
            .from(posting::Entity)
            .and_where(Expr::col((posting::Entity, posting::Column::Id)).is_in(padded(chunk)));
        for row in db.query_all(&select).await? {
            branches.insert(row.try_get::<Uuid>("", posting::Column::BranchId.as_str())?);
        }
    }
    Ok(branches)
}

/// The branch record `id` of type `K` is counted in now, if it is a posting (to be
/// recounted once the row is overwritten).
pub async fn counted_in<K: Record, C: ConnectionTrait>(
    db: &C,
    id: Uuid,
) -> AppResult<Option<Uuid>> {
    if K::NODE != NodeType::Posting {
        return Ok(None);
    }
    let mut select = Query::select();
    select
        .column((posting::Entity, posting::Column::BranchId))
        .from(posting::Entity)
        .and_where(Expr::col((posting::Entity, posting::Column::Id)).eq(id));
    Ok(match db.query_one(&select).await? {
        Some(row) => Some(row.try_get::<Uuid>("", posting::Column::BranchId.as_str())?),
        None => None,
    })
}

/// Recounts the postings of `branches`.
pub async fn recount<C: ConnectionTrait>(db: &C, branches: &BTreeSet<Uuid>) -> AppResult<()> {
    let branches: Vec<Uuid> = branches.iter().copied().collect();
    for chunk in branches.chunks(CHUNK) {
        let mut delete = Query::delete();
        delete
            .from_table(table())
            .and_where(col(BRANCH).is_in(padded(chunk)));
        db.execute(&delete).await?;
        let mut counted = counting();
        counted.and_where(
            Expr::col((posting::Entity, posting::Column::BranchId)).is_in(padded(chunk)),
        );
        db.execute(&fill(counted)?).await?;
    }
    Ok(())
}

/// Statements that recount every branch (after a bulk load that wrote postings without
/// the tally), as SQL for `backend`.
pub fn recount_all(backend: DbBackend) -> Result<Vec<Statement>, DbErr> {
    let mut delete = Query::delete();
    delete.from_table(table());
    Ok(vec![
        backend.build(&delete),
        backend.build(&fill(counting())?),
    ])
}

/// Where the tally differs from the postings counted now, one line per (branch, role,
/// level): a database written past the domain layer (by hand, or restored from parts)
/// has charts that disagree with its lists until `recount_all` runs (`daleel check`).
pub async fn differences<C: ConnectionTrait>(db: &C) -> AppResult<Vec<String>> {
    type Key = (Uuid, String, String);
    async fn rows<C: ConnectionTrait>(
        db: &C,
        select: &SelectStatement,
    ) -> AppResult<std::collections::BTreeMap<Key, i64>> {
        let mut counts = std::collections::BTreeMap::new();
        for row in db.query_all(select).await? {
            let key = (
                row.try_get_by_index::<Uuid>(0)?,
                row.try_get_by_index::<String>(1)?,
                row.try_get_by_index::<String>(2)?,
            );
            counts.insert(key, row.try_get_by_index::<i64>(3)?);
        }
        Ok(counts)
    }
    let mut kept = Query::select();
    kept.columns([
        Alias::new(BRANCH),
        Alias::new(ROLE),
        Alias::new(LEVEL),
        Alias::new(POSTINGS),
    ])
    .from(table());
    let (kept, live) = (rows(db, &kept).await?, rows(db, &counting()).await?);
    let mut lines = Vec::new();
    for key in kept.keys().chain(live.keys()).collect::<BTreeSet<_>>() {
        let (tallied, counted) = (kept.get(key).copied(), live.get(key).copied());
        if tallied.unwrap_or(0) != counted.unwrap_or(0) {
            let (branch, role, level) = key;
            lines.push(format!(
                "posting tally of {} {} (role {role}, {level}): {} kept, {} counted; `daleel check --repair` recounts",
                NodeType::Branch.name(),
                crate::ids::encode_id(NodeType::Branch, *branch),
                tallied.unwrap_or(0),
                counted.unwrap_or(0)
            ));
        }
    }
    Ok(lines)
}

/// Postings counted per (branch, role, effective visibility).
fn counting() -> SelectStatement {
    let mut select = Query::select();
    select
        .column((posting::Entity, posting::Column::BranchId))
        .column((posting::Entity, posting::Column::Role))
        .expr(level())
        .expr(Func::count(Expr::col(Asterisk)))
        .from(posting::Entity)
        .group_by_col((posting::Entity, posting::Column::BranchId))
        .group_by_col((posting::Entity, posting::Column::Role))
        .add_group_by([level()]);
    select
}

/// A posting's level; a row without a derived level yet (a database from before it) is
/// hidden. (A literal, not a bound value: PostgreSQL matches a GROUP BY expression to the
/// selected one only without parameters.)
fn level() -> Expr {
    Func::coalesce([
        Expr::col((posting::Entity, posting::Column::EffectiveVisibility)),
        Expr::cust("'hidden'"),
    ])
    .into()
}

fn fill(counted: SelectStatement) -> Result<InsertStatement, DbErr> {
    let mut insert = Query::insert();
    insert.into_table(table()).columns([
        Alias::new(BRANCH),
        Alias::new(ROLE),
        Alias::new(LEVEL),
        Alias::new(POSTINGS),
    ]);
    insert
        .select_from(counted)
        .map_err(|err| DbErr::Custom(err.to_string()))?;
    Ok(insert)
}

/// The tally rows `viewer` may count.
fn visible(viewer: Viewer) -> SelectStatement {
    let mut select = Query::select();
    select
        .from(table())
        .cond_where(viewer.can_see((table(), Alias::new(LEVEL))));
    select
}

/// The tally rows `viewer` may count, joined to their branch where `viewer` may see it.
fn visible_with_branch(viewer: Viewer) -> SelectStatement {
    let mut select = visible(viewer);
    select.join(
        JoinType::InnerJoin,
        branch::Entity,
        Expr::col((branch::Entity, branch::Column::Id))
            .equals((table(), Alias::new(BRANCH)))
            .and(viewer.can_see((branch::Entity, branch::Column::EffectiveVisibility))),
    );
    select
}

/// The sum of the tally's counts, as an integer on every database.
fn postings_sum(backend: DbBackend) -> Expr {
    let sum = Func::sum(col(POSTINGS));
    match backend {
        DbBackend::Postgres => Expr::from(sum).cast_as(Alias::new("BIGINT")),
        DbBackend::MySql => Expr::from(sum).cast_as(Alias::new("SIGNED")),
        _ => sum.into(),
    }
}

/// Postings per branch, as `aggregate::count_by_related` counts them without a filter.
pub async fn by_branch<C: ConnectionTrait>(db: &C, viewer: Viewer) -> AppResult<Vec<Bucket<Uuid>>> {
    let select = visible_with_branch(viewer);
    record_buckets(
        db,
        select,
        Expr::col((branch::Entity, branch::Column::Id)),
        Expr::col((branch::Entity, branch::Column::Name)),
        Expr::col((branch::Entity, branch::Column::Translations)),
        postings_sum(db.get_database_backend()),
    )
    .await
}

/// Postings per agency of their branch, as `aggregate::postings_by_agency` counts them
/// without a filter.
pub async fn by_agency<C: ConnectionTrait>(db: &C, viewer: Viewer) -> AppResult<Vec<Bucket<Uuid>>> {
    let mut select = visible_with_branch(viewer);
    select.join(
        JoinType::InnerJoin,
        agency::Entity,
        Expr::col((agency::Entity, agency::Column::Id))
            .equals((branch::Entity, branch::Column::AgencyId))
            .and(viewer.can_see((agency::Entity, agency::Column::EffectiveVisibility))),
    );
    record_buckets(
        db,
        select,
        Expr::col((agency::Entity, agency::Column::Id)),
        Expr::col((agency::Entity, agency::Column::Name)),
        Expr::col((agency::Entity, agency::Column::Translations)),
        postings_sum(db.get_database_backend()),
    )
    .await
}

/// Postings per role, as `aggregate::count_by` counts them without a filter.
pub async fn by_role<C: ConnectionTrait>(db: &C, viewer: Viewer) -> AppResult<Vec<Bucket<String>>> {
    let select = visible(viewer);
    value_buckets(
        db,
        select,
        col(ROLE),
        postings_sum(db.get_database_backend()),
    )
    .await
}
