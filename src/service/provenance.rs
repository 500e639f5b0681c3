//! What a source supports: the distinct records its visible citations point at, only
//! those the viewer may see, paged per source in SQL.

use std::collections::HashMap;

use entity::citation;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order};
use uuid::Uuid;

use crate::error::AppResult;
use crate::ids::NodeType;
use crate::service::access::Viewer;
use crate::service::batch::padded;
use crate::service::page::{OrderColumn, Page, Paged, Window};
use crate::service::relations::visible;

/// Pages of (type, id) of the visible records cited by each of `sources`.
pub async fn cited_by<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    sources: &[Uuid],
    window: Window,
) -> AppResult<HashMap<Uuid, Page<(NodeType, Uuid)>>> {
    let cite = |c: citation::Column| Expr::col((citation::Entity, c));
    // A citation is as hidden as the record it supports (`service::visibility`), so the
    // visible citations lead only to records the viewer may see.
    let mut select = visible::<citation::Entity>(viewer);
    select
        .distinct()
        .expr_as(cite(citation::Column::SourceId), Alias::new("page_parent"))
        .column((citation::Entity, citation::Column::SubjectType))
        .column((citation::Entity, citation::Column::SubjectId))
        .and_where(cite(citation::Column::SourceId).is_in(padded(sources)));
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
