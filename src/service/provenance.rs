//! What a source supports: the distinct records its visible citations point at, only
//! those the viewer may see, paged per source in SQL.

use std::collections::HashMap;

use entity::citation;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{Condition, ConnectionTrait};
use uuid::Uuid;

use crate::error::AppResult;
use crate::ids::NodeType;
use crate::service::access::Viewer;
use crate::service::batch::padded;
use crate::service::page::{OrderColumn, Page, Paged, Window};
use crate::service::relations::visible;

/// The record types a citation can point at.
pub const CITABLE: [NodeType; 15] = [
    NodeType::Agency,
    NodeType::Branch,
    NodeType::Facility,
    NodeType::FacilityOperation,
    NodeType::Person,
    NodeType::Alias,
    NodeType::Posting,
    NodeType::Organization,
    NodeType::Trial,
    NodeType::Verdict,
    NodeType::Charge,
    NodeType::Statistic,
    NodeType::Event,
    NodeType::Sanction,
    NodeType::Testimony,
];

/// Pages of (type, id) of the visible records cited by each of `sources`.
pub async fn cited_by<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    sources: &[Uuid],
    window: Window,
) -> AppResult<HashMap<Uuid, Page<(NodeType, Uuid)>>> {
    let cite = |c: citation::Column| Expr::col((citation::Entity, c));
    // The subject must be visible too: a hidden record is not revealed by its citations.
    let mut subject_visible = Condition::any();
    for node_type in CITABLE {
        let table = Alias::new(node_type.table());
        let mut ids = Query::select();
        ids.column((table.clone(), Alias::new("id")))
            .from(table.clone())
            .cond_where(viewer.can_see(
                (table.clone(), Alias::new("visibility")),
                (table, Alias::new("archived_at")),
            ));
        subject_visible = subject_visible.add(
            Condition::all()
                .add(cite(citation::Column::SubjectType).eq(node_type.table()))
                .add(cite(citation::Column::SubjectId).in_subquery(ids)),
        );
    }
    let mut select = visible::<citation::Entity>(viewer);
    select
        .distinct()
        .expr_as(cite(citation::Column::SourceId), Alias::new("page_parent"))
        .column((citation::Entity, citation::Column::SubjectType))
        .column((citation::Entity, citation::Column::SubjectId))
        .and_where(cite(citation::Column::SourceId).is_in(padded(sources)))
        .cond_where(subject_visible);
    let paged = Paged {
        select,
        nested: true,
        order: vec![
            OrderColumn::new("subject_type", Order::Asc),
            OrderColumn::new("subject_id", Order::Asc),
        ],
    };
    let pages = paged.fetch(db, window).await?;
    pages
        .into_iter()
        .map(|(source, page)| {
            let page = page.try_map(|row| {
                let table: String = row.try_get("", "subject_type")?;
                let id: Uuid = row.try_get("", "subject_id")?;
                let node_type = NodeType::from_table(&table).ok_or_else(|| {
                    crate::error::AppError::Internal(format!("unknown subject type {table}").into())
                })?;
                Ok::<_, crate::error::AppError>((node_type, id))
            })?;
            Ok((source, page))
        })
        .collect()
}
