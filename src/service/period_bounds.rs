//! Fills the inner bounds of periods stored before daleel kept them (`daleel migrate`,
//! at start-up): the last day each posting's or facility operation's period can have
//! begun and the first day it can have ended, parsed from its EDTF text with the same
//! field rule every write uses. A period never has both inner bounds missing (at least
//! one side of an interval is a date), so a row with text and neither bound has not
//! been filled yet.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::service::fields::{self, PeriodBounds};

/// Rows read and written per round.
const CHUNK: u64 = 500;

const TABLES: [&str; 2] = ["posting", "facility_operation"];

/// Fills what is missing; returns how many rows it filled.
pub async fn backfill<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    let mut filled = 0;
    for table in TABLES {
        let mut last = Uuid::nil();
        loop {
            let rows = unfilled(db, table, last).await?;
            let Some((id, _)) = rows.last() else { break };
            last = *id;
            for (id, period) in rows {
                let mut text = Some(period);
                let (mut earliest, mut latest, mut start_latest, mut end_earliest) =
                    (None, None, None, None);
                let bounds = PeriodBounds {
                    earliest: &mut earliest,
                    latest: &mut latest,
                    start_latest: &mut start_latest,
                    end_earliest: &mut end_earliest,
                };
                // A text the rule refuses was stored past the door; `daleel check`
                // names it, and it stays without inner bounds (never certain).
                if fields::edtf_period(&mut text, bounds, "period").is_err() {
                    continue;
                }
                let mut update = Query::update();
                update
                    .table(Alias::new(table))
                    .value(Alias::new("period_start_latest"), start_latest)
                    .value(Alias::new("period_end_earliest"), end_earliest)
                    .and_where(Expr::col(Alias::new("id")).eq(id));
                db.execute(&update).await?;
                filled += 1;
            }
        }
    }
    Ok(filled)
}

/// The next rows of `table` after `after` (by id) with a period and no inner bound.
async fn unfilled<C: ConnectionTrait>(
    db: &C,
    table: &str,
    after: Uuid,
) -> Result<Vec<(Uuid, String)>, DbErr> {
    let mut select = Query::select();
    select
        .columns([Alias::new("id"), Alias::new("period")])
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new("period")).is_not_null())
        .and_where(Expr::col(Alias::new("period_start_latest")).is_null())
        .and_where(Expr::col(Alias::new("period_end_earliest")).is_null())
        .and_where(Expr::col(Alias::new("id")).gt(after))
        .order_by(Alias::new("id"), sea_orm::Order::Asc)
        .limit(CHUNK);
    let mut rows = Vec::new();
    for row in db.query_all(&select).await? {
        rows.push((row.try_get_by_index(0)?, row.try_get_by_index(1)?));
    }
    Ok(rows)
}
