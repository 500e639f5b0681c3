//! Lists of periods active at a date: `period.rs`'s rule written as a SQL condition on
//! the four bounds a posting or a facility operation stores, so that "who was in
//! Branch 251 in 2012-03" is cut in the database, on an index, and pages like any list.
//! The condition and `period::active_at` must agree; `tests/api/periods.rs` checks
//! each list against the certainty each of its rows reports.

use chrono::NaiveDate;
use entity::{facility_operation, posting};
use sea_orm::Condition;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, IntoIden};

use crate::edtf::Edtf;
use crate::period::Certainty;
use crate::service::access::Viewer;
use crate::service::page::Listing;
use crate::service::page_limit::Parents;
use crate::service::records::{Record, Sort};
use crate::service::relations::ToMany;

/// A table whose rows have a period with the four stored bounds (`period`,
/// `period_earliest`, `period_latest`, `period_start_latest`, `period_end_earliest`).
pub trait PeriodTable: Record {}

impl PeriodTable for posting::Entity {}
impl PeriodTable for facility_operation::Entity {}

/// The date asked about, and how certainly a period must cover it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActiveAt {
    /// First and last day the date can mean (`None`: open).
    pub earliest: Option<NaiveDate>,
    pub latest: Option<NaiveDate>,
    /// Keep only periods certainly active; otherwise possibly active ones too.
    pub certain_only: bool,
}

impl ActiveAt {
    /// Periods active at `at` at least as certainly as `certainty`.
    pub fn new(at: &Edtf, certainty: Certainty) -> ActiveAt {
        ActiveAt {
            earliest: at.earliest(),
            latest: at.latest(),
            certain_only: certainty == Certainty::Certain,
        }
    }

    /// The condition on `E`'s period columns. A missing outer bound reaches as far as
    /// it can; a missing inner bound is an open side (`period.rs`). Undated rows are
    /// never active.
    pub fn condition<E: PeriodTable>(&self) -> Condition {
        let col = |name: &'static str| Expr::col((E::default().into_iden(), Alias::new(name)));
        let mut condition = Condition::all().add(col("period").is_not_null());
        // Possible: it may have begun by the date's last day and not ended before its first.
        if let Some(latest) = self.latest {
            condition = condition.add(
                Condition::any()
                    .add(col("period_earliest").is_null())
                    .add(col("period_earliest").lte(latest)),
            );
        }
        if let Some(earliest) = self.earliest {
            condition = condition.add(
                Condition::any()
                    .add(col("period_latest").is_null())
                    .add(col("period_latest").gte(earliest)),
            );
        }
        if !self.certain_only {
            return condition;
        }
        // Certain: its latest start is on or before the date's first day, its earliest
        // end on or after its last; an open date is covered only by an open side.
        let start = col("period_start_latest").is_null();
        condition = condition.add(match self.earliest {
            Some(earliest) => Condition::any()
                .add(start)
                .add(col("period_start_latest").lte(earliest)),
            None => Condition::all().add(start),
        });
        let end = col("period_end_earliest").is_null();
        condition.add(match self.latest {
            Some(latest) => Condition::any()
                .add(end)
                .add(col("period_end_earliest").gte(latest)),
            None => Condition::all().add(end),
        })
    }
}

/// Relation `R`'s children whose period was active at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Active<R> {
    pub relation: R,
    pub at: ActiveAt,
}

impl<R: ToMany> ToMany for Active<R>
where
    R::Child: PeriodTable,
{
    type Child = R::Child;

    fn listing(&self, parents: &Parents, viewer: Viewer, sort: Sort) -> Listing<R::Child> {
        let mut listing = self.relation.listing(parents, viewer, sort);
        listing.select.cond_where(self.at.condition::<R::Child>());
        listing
    }
}
