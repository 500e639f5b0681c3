//! Whether a period (a posting, a facility's operation) was active at a date, and how
//! certainly, when both are fuzzy EDTF.
//!
//! - **Certainly** active throughout `at` when it had certainly begun by `at`'s first
//!   day and certainly not ended before `at`'s last day: its latest possible start is on
//!   or before `at`'s earliest day, and its earliest possible end on or after `at`'s
//!   latest day. A posting "2011-01/2012-09" is certainly active in 2012-03.
//! - **Possibly** active when the period's outer bounds merely overlap `at`: it may
//!   have begun by `at`'s last day and may not have ended before `at`'s first day. The
//!   same posting is only possibly active in 2012-09 (it may have ended on the 1st).
//! - Otherwise not active: it is not active in 2012-10.
//!
//! Both comparisons include the day itself: a posting that began exactly on
//! 2011-03-15 is certainly active on 2011-03-15.
//!
//! Open and unknown ends (see `Edtf::start_latest`, `Edtf::end_earliest`): an open
//! start (`../2012`) began before any date, an open end (`2011/..`) has not ended;
//! an unknown start (`/2012`) may have begun as late as its end and an unknown end
//! (`2011/`) may have come as early as its start, so neither is ever certain beyond
//! the side that is known, and both are possible as far as the unknown side reaches.
//! A single date as a period ("2011": held at some time in 2011) is certain only when
//! it is one day, and possible within its bounds. Qualifiers (`?`, `~`) do not widen
//! the bounds (as everywhere in daleel); they are the reader's to weigh.

use chrono::NaiveDate;

use crate::edtf::Edtf;
pub use crate::service::vocab::Certainty;

/// The four bounds of a period, as a record stores them (`None`: an open side).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub earliest: Option<NaiveDate>,
    pub latest: Option<NaiveDate>,
    pub start_latest: Option<NaiveDate>,
    pub end_earliest: Option<NaiveDate>,
}

impl Bounds {
    /// The bounds of a parsed period.
    pub fn of(period: &Edtf) -> Bounds {
        Bounds {
            earliest: period.earliest(),
            latest: period.latest(),
            start_latest: period.start_latest(),
            end_earliest: period.end_earliest(),
        }
    }
}

/// How certainly a period with `bounds` was active throughout `at`; `None` when it was
/// not active.
pub fn active_at(bounds: &Bounds, at: &Edtf) -> Option<Certainty> {
    // A missing bound reaches as far as it can: before any date for a start, after
    // any date for an end.
    let (first, last) = (NaiveDate::MIN, NaiveDate::MAX);
    let (at_earliest, at_latest) = (at.earliest().unwrap_or(first), at.latest().unwrap_or(last));
    let possible = bounds.earliest.unwrap_or(first) <= at_latest
        && bounds.latest.unwrap_or(last) >= at_earliest;
    if !possible {
        return None;
    }
    let certain = bounds.start_latest.unwrap_or(first) <= at_earliest
        && bounds.end_earliest.unwrap_or(last) >= at_latest;
    Some(if certain {
        Certainty::Certain
    } else {
        Certainty::Possible
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use Certainty::{Certain, Possible};

    fn at(period: &str, date: &str) -> Option<Certainty> {
        let period = Edtf::parse(period).unwrap();
        let date = Edtf::parse(date).unwrap();
        active_at(&Bounds::of(&period), &date)
    }

    /// Every form the parser accepts, as a period and as the date asked about.
    #[test]
    fn each_form_of_period_and_date_follows_the_rule() {
        let table: &[(&str, &str, Option<Certainty>)] = &[
            // Anwar Raslan's posting as head of the Investigation Department.
            ("2011-01/2012-09", "2012-03", Some(Certain)),
            ("2011-01/2012-09", "2012-09", Some(Possible)),
            ("2011-01/2012-09", "2012-10", None),
            ("2011-01/2012-09", "2011-01", Some(Possible)),
            ("2011-01/2012-09", "2011-02-01", Some(Certain)),
            ("2011-01/2012-09", "2010", None),
            // Days: both ends count.
            ("2011-03-15/2011-04-02", "2011-03-15", Some(Certain)),
            ("2011-03-15/2011-04-02", "2011-04-02", Some(Certain)),
            ("2011-03-15/2011-04-02", "2011-04-03", None),
            ("2011-03-15/2011-04-02", "2011-03", Some(Possible)),
            // Years.
            ("2011/2013", "2012", Some(Certain)),
            ("2011/2013", "2012-06-01", Some(Certain)),
            ("2011/2013", "2011", Some(Possible)),
            ("2011/2013", "2011-12-31", Some(Certain)),
            ("2011/2013", "2011-12-30", Some(Possible)),
            ("2011/2013", "2014", None),
            // A single date as a period: held at some time within it.
            ("2011", "2011-06", Some(Possible)),
            ("2011", "2011", Some(Possible)),
            ("2011", "2012", None),
            ("2011-06-05", "2011-06-05", Some(Certain)),
            ("2011-06-05", "2011-06", Some(Possible)),
            // Qualifiers keep the bounds.
            ("2011~/2013?", "2012", Some(Certain)),
            ("2011%/2013", "2011", Some(Possible)),
            ("2011-01?", "2011-01-10", Some(Possible)),
            // Unspecified digits and seasons widen to what they can mean.
            ("201X/2015", "2012", Some(Possible)),
            ("201X/2015", "2018", None),
            ("201X/2025", "2020", Some(Certain)),
            ("2004-XX/2006", "2005", Some(Certain)),
            ("2004-06-XX/2004-08", "2004-07", Some(Certain)),
            ("2001-21/2001-23", "2001-07", Some(Certain)),
            ("2001-21/2001-23", "2001-05", Some(Possible)),
            ("2001-21/2001-23", "2001-03", Some(Possible)),
            ("2001-24", "2002-01", Some(Possible)),
            // Open ends: it has not ended, or it began before any date.
            ("2011/..", "2024", Some(Certain)),
            ("2011/..", "2011", Some(Possible)),
            ("2011/..", "2010", None),
            ("../2012", "1990", Some(Certain)),
            ("../2012", "2012", Some(Possible)),
            ("../2012", "2013", None),
            // Unknown ends: only the known side is certain, the other reaches anywhere.
            ("2011/", "2024", Some(Possible)),
            ("2011/", "2011-01", Some(Possible)),
            ("2011/", "2010", None),
            ("/2012", "1990", Some(Possible)),
            ("/2012", "2013", None),
            // Negative and long years.
            ("-0100/-0050", "-0075", Some(Certain)),
            ("-0100/-0050", "-0050", Some(Possible)),
            ("Y-20000/2000", "1999", Some(Certain)),
            // The date asked about is itself an interval: throughout it.
            ("2011-01/2012-09", "2011-06/2011-08", Some(Certain)),
            ("2011-01/2012-09", "2012-06/2012-12", Some(Possible)),
            ("2011-01/2012-09", "2013/2014", None),
            ("2011/..", "2012/..", Some(Certain)),
            ("2011/", "2012/..", Some(Possible)),
            ("2011-01/2012-09", "../2011-03", Some(Possible)),
        ];
        for (period, date, expected) in table {
            assert_eq!(at(period, date), *expected, "{period} at {date}");
        }
        // A period with no known side at all is refused when it is written.
        assert!(Edtf::parse("../..").is_err());
        assert!(Edtf::parse("/").is_err());
    }
}
