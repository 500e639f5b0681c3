//! The timeline of one person or one branch: its events, postings, verdicts and
//! sanctions merged in date order, paged in SQL as one list (a `UNION ALL` of the four
//! tables, each filtered to what the reader may see) and ordered as the top-level
//! timeline is: by the earliest day each date can mean, then by the latest (so a day
//! comes before the month or year that holds it), undated entries last, ties by type
//! and id so that pages never overlap.

use entity::{event, event_link, posting, sanction, verdict};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, SelectStatement, UnionType};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::service::access::Viewer;
use crate::service::page::{OrderColumn, Page, Paged, Window};
use crate::service::records::{Record, SortKey};
use crate::service::relations::visible;

/// Whose timeline.
#[derive(Debug, Clone, Copy)]
pub enum About {
    /// A person's: the events about them, their postings, the verdicts on them and
    /// the sanctions listing them.
    Person(Uuid),
    /// A branch's: the events about it, its postings, the verdicts on persons posted
    /// in it (through postings the reader may see) and the sanctions listing it.
    Branch(Uuid),
}

const TYPE: &str = "entry_type";
const ID: &str = "entry_id";
const EARLIEST: &str = "entry_earliest";
const LATEST: &str = "entry_latest";

/// One page of `about`'s timeline, as (type, id) of records `viewer` may see.
pub async fn entries<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    about: About,
    window: Window,
) -> AppResult<Page<(NodeType, Uuid)>> {
    let (id, posting_fk) = match about {
        About::Person(id) => (id, posting::Column::PersonId),
        About::Branch(id) => (id, posting::Column::BranchId),
    };
    let mut links = visible::<event_link::Entity>(viewer);
    links
        .column((event_link::Entity, event_link::Column::EventId))
        .and_where(Expr::col((event_link::Entity, event_link::Column::SubjectId)).eq(id));
    let events = member::<event::Entity>(
        viewer,
        Expr::col((event::Entity, event::Column::Id)).in_subquery(links),
    );
    let postings =
        member::<posting::Entity>(viewer, Expr::col((posting::Entity, posting_fk)).eq(id));
    let verdicts = member::<verdict::Entity>(
        viewer,
        match about {
            About::Person(id) => Expr::col((verdict::Entity, verdict::Column::PersonId)).eq(id),
            About::Branch(id) => {
                let mut posted = visible::<posting::Entity>(viewer);
                posted
                    .column((posting::Entity, posting::Column::PersonId))
                    .and_where(Expr::col((posting::Entity, posting::Column::BranchId)).eq(id));
                Expr::col((verdict::Entity, verdict::Column::PersonId)).in_subquery(posted)
            }
        },
    );
    let sanctions = member::<sanction::Entity>(
        viewer,
        Expr::col((sanction::Entity, sanction::Column::TargetId)).eq(id),
    );
    let mut union = events;
    for other in [postings, verdicts, sanctions] {
        union.union(UnionType::All, other);
    }
    let mut order = Vec::new();
    for column in [EARLIEST, LATEST] {
        let mut term = OrderColumn::new(column, Order::Asc);
        term.nulls_last = true;
        order.push(term);
    }
    order.push(OrderColumn::new(TYPE, Order::Asc));
    order.push(OrderColumn::new(ID, Order::Asc));
    let paged = Paged {
        select: union,
        nested: false,
        order,
    };
    let page = paged
        .fetch(db, window)
        .await?
        .remove(&Uuid::nil())
        .unwrap_or_else(|| Page::from_items(Vec::new(), 0));
    page.try_map(|row| {
        let table: String = row.try_get("", TYPE)?;
        let id: Uuid = row.try_get("", ID)?;
        let node_type = NodeType::from_table(&table)
            .ok_or_else(|| AppError::Internal(format!("unknown timeline type {table}").into()))?;
        Ok::<_, AppError>((node_type, id))
    })
}

/// The visible rows of `E` matching `condition`, as timeline entries.
fn member<E: Record>(viewer: Viewer, condition: Expr) -> SelectStatement {
    let table = E::default();
    let mut select = visible::<E>(viewer);
    select
        .expr_as(Expr::val(E::NODE.table()), Alias::new(TYPE))
        .expr_as(Expr::col((table, E::id_col())), Alias::new(ID))
        .expr_as(
            Expr::col((table, E::sort_col(SortKey::Date))),
            Alias::new(EARLIEST),
        )
        .expr_as(Expr::col((table, E::date_latest_col())), Alias::new(LATEST))
        .and_where(condition);
    select
}
