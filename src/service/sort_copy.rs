//! Copies of sort keys kept beside the rows a list is read through. A branch's officers
//! are persons reached through postings and listed by name, so each posting keeps its
//! person's name (`posting.person_name`, indexed after the branch): a branch's first
//! officers by name then come off one index range, not from every posting of the branch.
//! The copy belongs to no record and is never shown; the domain layer keeps it in each
//! write's own transaction (`write::settle`), like the visibility column.

use std::collections::BTreeSet;

use entity::{person, posting};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{
    Alias, Condition, Expr, ExprTrait, Query, SubQueryStatement, UpdateStatement,
};
use uuid::Uuid;

use crate::error::AppResult;
use crate::ids::NodeType;
use crate::service::batch::padded;
use crate::service::visibility::RecordSet;

/// The column of `posting` that holds its person's name.
pub const PERSON_NAME: &str = "person_name";

/// Brings the copies of the records a write touched up to date: the postings it
/// wrote, and every posting of the persons it wrote (one may have been renamed).
pub async fn refresh<C: ConnectionTrait>(db: &C, touched: &RecordSet) -> AppResult<()> {
    let ids = |node: NodeType| -> Vec<Uuid> {
        touched
            .get(&node)
            .map(BTreeSet::iter)
            .into_iter()
            .flatten()
            .copied()
            .collect()
    };
    let (postings, persons) = (ids(NodeType::Posting), ids(NodeType::Person));
    let mut which = Condition::any();
    if !postings.is_empty() {
        which =
            which.add(Expr::col((posting::Entity, posting::Column::Id)).is_in(padded(&postings)));
    }
    if !persons.is_empty() {
        which = which
            .add(Expr::col((posting::Entity, posting::Column::PersonId)).is_in(padded(&persons)));
    }
    if !which.is_empty() {
        db.execute(&update(which)).await?;
    }
    Ok(())
}

/// Postings whose copy of their person's name is not the name (`daleel check`), at
/// most `limit` of them, one line each.
pub async fn differences<C: ConnectionTrait>(db: &C, limit: u64) -> AppResult<Vec<String>> {
    let copy = Expr::col((posting::Entity, Alias::new(PERSON_NAME)));
    let name = Expr::col((person::Entity, person::Column::Name));
    let mut select = Query::select();
    select
        .column((posting::Entity, posting::Column::Id))
        .from(posting::Entity)
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id))
                .equals((posting::Entity, posting::Column::PersonId)),
        )
        .cond_where(
            Condition::any()
                .add(copy.clone().is_null())
                .add(copy.ne(name)),
        )
        .order_by((posting::Entity, posting::Column::Id), sea_orm::Order::Asc)
        .limit(limit);
    let mut lines = Vec::new();
    for row in db.query_all(&select).await? {
        let id = row.try_get_by_index::<Uuid>(0)?;
        lines.push(format!(
            "{} {}: its copy of its person's name (the officers' order) is stale; `daleel check --repair` refreshes it",
            NodeType::Posting.name(),
            crate::ids::encode_id(NodeType::Posting, id)
        ));
    }
    Ok(lines)
}

/// Fills the copy on every posting (after a bulk load that wrote postings without it).
pub fn update_all() -> UpdateStatement {
    update(Condition::all())
}

fn update(which: Condition) -> UpdateStatement {
    let mut name = Query::select();
    name.column((person::Entity, person::Column::Name))
        .from(person::Entity)
        .and_where(
            Expr::col((person::Entity, person::Column::Id))
                .equals((posting::Entity, posting::Column::PersonId)),
        );
    Query::update()
        .table(posting::Entity)
        .value(
            Alias::new(PERSON_NAME),
            Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(name))),
        )
        .cond_where(which)
        .to_owned()
}
