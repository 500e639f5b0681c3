//! EDTF (Extended Date/Time Format, ISO 8601-2), levels 0 and 1.
//!
//! Testimony rarely gives exact dates ("early 2019", "summer 2012, I think"), so a
//! date is kept as the EDTF text a researcher wrote plus the first and last calendar
//! day it can mean. Queries filter on those bounds; the text stays the source of truth.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// A valid EDTF level 0/1 expression (one date or an interval) with its day bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edtf {
    text: String,
    earliest: Option<NaiveDate>,
    latest: Option<NaiveDate>,
    approximate: bool,
    uncertain: bool,
    interval: bool,
    /// Last day it can have begun; `None` when it began before any date (`../…`).
    start_latest: Option<NaiveDate>,
    /// First day it can have ended; `None` when it has no end (`…/..`).
    end_earliest: Option<NaiveDate>,
}

/// Why a text is not EDTF. Each message quotes the input and shows a valid form,
/// because it is shown to the person who typed the date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EdtfError {
    /// Nothing but whitespace was given.
    #[error("`` is empty: give an EDTF date such as 2019, 2019-01~ or 2011/2012")]
    Empty,
    /// A single date that is malformed or names a day that does not exist.
    #[error("`{input}` is not a valid EDTF date: {reason}")]
    InvalidDate {
        /// The input, cut to 64 characters.
        input: String,
        /// What is wrong and what to write instead.
        reason: String,
    },
    /// An interval (`A/B`) with a bad side or sides in the wrong order.
    #[error("`{input}` is not a valid EDTF interval: {reason}")]
    InvalidInterval {
        /// The input, cut to 64 characters.
        input: String,
        /// What is wrong and what to write instead.
        reason: String,
    },
}

/// The days one date can mean, plus its qualifier flags.
#[derive(Clone, Copy)]
struct Span {
    earliest: NaiveDate,
    latest: NaiveDate,
    approximate: bool,
    uncertain: bool,
}

const QUALIFIERS: [char; 3] = ['?', '~', '%'];

impl Edtf {
    /// Parses an EDTF level 0/1 date or interval; only surrounding whitespace is trimmed.
    pub fn parse(text: &str) -> Result<Edtf, EdtfError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(EdtfError::Empty);
        }
        let interval = text.contains('/');
        let fail = |reason: String| {
            let input = quote(text);
            if interval {
                EdtfError::InvalidInterval { input, reason }
            } else {
                EdtfError::InvalidDate { input, reason }
            }
        };
        let (start, end) = check_chars(text)
            .and_then(|()| match text.split_once('/') {
                None => parse_date(text).map(|span| (Some(span), Some(span))),
                Some((a, b)) => parse_interval(a, b),
            })
            .map_err(fail)?;
        let any = |flag: fn(&Span) -> bool| start.iter().chain(end.iter()).any(flag);
        // `..` is open (it reaches that far), an empty side unknown (it can be anywhere
        // the other side allows): an unknown start can be as late as the end, an unknown
        // end as early as the start.
        let (start_open, end_open) = match text.split_once('/') {
            Some((a, b)) => (a == "..", b == ".."),
            None => (false, false),
        };
        let start_latest = match (start, start_open) {
            (Some(s), _) => Some(s.latest),
            (None, true) => None,
            (None, false) => end.map(|e| e.latest),
        };
        let end_earliest = match (end, end_open) {
            (Some(e), _) => Some(e.earliest),
            (None, true) => None,
            (None, false) => start.map(|s| s.earliest),
        };
        Ok(Edtf {
            text: text.to_owned(),
            earliest: start.map(|s| s.earliest),
            latest: end.map(|s| s.latest),
            approximate: any(|s| s.approximate),
            uncertain: any(|s| s.uncertain),
            interval,
            start_latest,
            end_earliest,
        })
    }

    /// The trimmed input: stored as written, so nothing the researcher meant is lost.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// First day the expression can mean; `None` for an open (`..`) or unknown start.
    pub fn earliest(&self) -> Option<NaiveDate> {
        self.earliest
    }

    /// Last day the expression can mean; `None` for an open (`..`) or unknown end.
    pub fn latest(&self) -> Option<NaiveDate> {
        self.latest
    }

    /// Last day the period can have begun (a single date: its last day; an unknown
    /// start: the end's last day); `None` for an open start (`../2012`).
    pub fn start_latest(&self) -> Option<NaiveDate> {
        self.start_latest
    }

    /// First day the period can have ended (a single date: its first day; an unknown
    /// end: the start's first day); `None` for an open end (`2011/..`).
    pub fn end_earliest(&self) -> Option<NaiveDate> {
        self.end_earliest
    }

    /// Whether any part is marked approximate (`~` or `%`).
    pub fn approximate(&self) -> bool {
        self.approximate
    }

    /// Whether any part is marked uncertain (`?` or `%`).
    pub fn uncertain(&self) -> bool {
        self.uncertain
    }

    /// Whether the expression is an interval (`A/B`) rather than a single date.
    pub fn is_interval(&self) -> bool {
        self.interval
    }
}

impl fmt::Display for Edtf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Edtf {
    type Err = EdtfError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Edtf::parse(s)
    }
}

/// Cuts long input so an error message stays readable.
fn quote(s: &str) -> String {
    match s.char_indices().nth(64) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_owned(),
    }
}

/// Rejects characters that EDTF level 0/1 never uses, naming the likely mistake.
fn check_chars(text: &str) -> Result<(), String> {
    for c in text.chars() {
        let reason = match c {
            '0'..='9' | 'X' | 'Y' | '-' | '/' | '.' | '?' | '~' | '%' => continue,
            c if c.is_whitespace() => {
                "spaces are not allowed inside a date; write e.g. 2019-01 or 2011/2012".into()
            }
            'T' | ':' => "times are not supported; give a calendar date such as 2019-01-01".into(),
            'x' => "unspecified digits are an uppercase X, e.g. 201X or 2004-XX".into(),
            '[' | ']' | '{' | '}' | ',' => "sets and lists ([…] or {…}) are EDTF level 2, which \
                                            is not supported; use an interval such as 2004/2006"
                .into(),
            c => format!(
                "unexpected character `{c}`; use digits, X, `-`, `/`, `..` and one final ?, ~ or %, \
                 e.g. 2019-01~"
            ),
        };
        return Err(reason);
    }
    Ok(())
}

/// The two sides of `A/B`, each a date, open (`..`) or unknown (empty).
fn parse_interval(a: &str, b: &str) -> Result<(Option<Span>, Option<Span>), String> {
    if b.contains('/') {
        return bad("an interval has exactly one `/`, e.g. 2011/2012");
    }
    let side = |s: &str, name: &str| {
        parse_side(s).map_err(|r| format!("its {name} `{}` is wrong: {r}", quote(s)))
    };
    match (side(a, "start")?, side(b, "end")?) {
        (None, None) => bad(
            "at least one side must be a date; `..` (open) or an empty side \
             (unknown) can stand for only one end, e.g. 2011/.. or /2024",
        ),
        (Some(s), Some(e)) if e.latest < s.earliest => {
            bad("it ends before it starts (put the earlier date first, e.g. 2011/2012)")
        }
        sides => Ok(sides),
    }
}

/// One side of an interval: `..` (open) and empty (unknown) both leave the bound unset.
fn parse_side(s: &str) -> Result<Option<Span>, String> {
    match s {
        "" | ".." => Ok(None),
        s => parse_date(s).map(Some),
    }
}

/// A single date with an optional final qualifier.
///
/// Qualifiers do not widen the bounds: they are kept as flags for the reader, and
/// any amount of widening ("~" = ± a month? a year?) would be an arbitrary guess.
fn parse_date(s: &str) -> Result<Span, String> {
    let (body, qualifier) = match s.strip_suffix(QUALIFIERS) {
        Some(body) => (body, s.chars().last()),
        None => (s, None),
    };
    if body.ends_with(QUALIFIERS) {
        return bad(
            "it has two qualifiers; use one at the end: ? uncertain, ~ approximate, \
             % both, e.g. 2004-06%",
        );
    }
    if body.contains(QUALIFIERS) {
        return bad(
            "a qualifier (?, ~ or %) may only end the whole date, e.g. 2004-06?; \
             qualifying one part, like 2004-?06, is EDTF level 2 and not supported",
        );
    }
    if body.is_empty() {
        return bad("a qualifier needs a date before it, e.g. 2004?");
    }
    if body.contains('.') {
        return bad(
            "`..` may only stand alone as one side of an interval, e.g. 2011/.. or ../2024",
        );
    }
    let (earliest, latest) = match body.strip_prefix('Y') {
        Some(long) => long_year(long)?,
        None if body.contains('Y') => {
            return bad("Y may only start a long year, e.g. Y170000002");
        }
        None => date_bounds(body)?,
    };
    Ok(Span {
        earliest,
        latest,
        approximate: matches!(qualifier, Some('~' | '%')),
        uncertain: matches!(qualifier, Some('?' | '%')),
    })
}

/// `Y` years (more than four digits), limited to what `NaiveDate` can hold.
fn long_year(s: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.len() <= 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return bad(
            "a long year is Y and more than four digits, e.g. Y170000002 or \
             Y-170000002; write shorter years without Y, e.g. 2019",
        );
    }
    let (min, max) = (NaiveDate::MIN.year(), NaiveDate::MAX.year());
    let year = s
        .parse::<i32>()
        .ok()
        .filter(|y| (min..=max).contains(y))
        .ok_or_else(|| out_of_range(s))?;
    Ok((ymd(year, 1, 1)?, ymd(year, 12, 31)?))
}

/// The parts of a date's body `[-]YYYY[-MM[-DD]]` (its qualifier removed), as written.
pub(crate) struct DateParts<'a> {
    pub negative: bool,
    pub year: &'a str,
    pub month: Option<&'a str>,
    pub day: Option<&'a str>,
    /// Whether more `-` parts follow the day (never in a valid date).
    pub extra: bool,
}

/// Splits a date's body into its parts, checking nothing.
pub(crate) fn date_parts(body: &str) -> DateParts<'_> {
    let (negative, rest) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let mut parts = rest.split('-');
    DateParts {
        negative,
        year: parts.next().unwrap_or_default(),
        month: parts.next(),
        day: parts.next(),
        extra: parts.next().is_some(),
    }
}

/// `[-]YYYY[-MM[-DD]]`, with right-aligned X digits and seasons 21-24.
fn date_bounds(body: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let DateParts {
        negative,
        year,
        month,
        day,
        extra,
    } = date_parts(body);
    let rest = body.strip_prefix('-').unwrap_or(body);
    let digit_or_x = |p: &str| p.bytes().all(|b| b.is_ascii_digit() || b == b'X');
    if extra {
        return bad("too many parts; write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-01-31");
    }
    if year.len() != 4 || !digit_or_x(year) {
        return bad("the year must be four digits, e.g. 2019, -0100 or 201X \
                    (use Y for longer years: Y170000002)");
    }
    if [month, day]
        .into_iter()
        .flatten()
        .any(|p| p.len() != 2 || !digit_or_x(p))
    {
        return bad("months and days are two digits, e.g. 2019-01-05");
    }
    let digits: String = rest.chars().filter(|&c| c != '-').collect();
    if digits.trim_end_matches('X').contains('X') {
        return bad("unspecified digits (X) must come last, e.g. 201X, 2004-XX or 2004-06-XX");
    }
    if [month, day]
        .into_iter()
        .flatten()
        .any(|p| p.contains('X') && p != "XX")
    {
        return bad("a month or day is two digits or XX, e.g. 2004-XX; \
                    partly unspecified ones like 2004-1X are EDTF level 2");
    }
    let (lo, hi) = (value(year, 0) as i32, value(year, 9) as i32);
    let (y0, y1) = if negative { (-hi, -lo) } else { (lo, hi) };
    // Seasons are northern-hemisphere meteorological ones; winter runs into next year.
    let (m0, m1, y1) = match month {
        None | Some("XX") => (1, 12, y1),
        Some(m) => match value(m, 0) {
            v @ 1..=12 => (v, v, y1),
            21..=24 if day.is_some() => {
                return bad("a season (21-24) has no day; write e.g. 2001-21");
            }
            21 => (3, 5, y1),
            22 => (6, 8, y1),
            23 => (9, 11, y1),
            24 => (12, 2, y1 + 1),
            _ => {
                return Err(format!(
                    "month {m} does not exist (use 01-12, or 21-24 for seasons)"
                ));
            }
        },
    };
    let (d0, d1) = match day {
        None | Some("XX") => (1, last_day(y1, m1)?),
        Some(d) => {
            // Right-aligned X means a known day has a known year and month.
            let (v, last) = (value(d, 0), last_day(y0, m0)?);
            if v == 0 || v > last {
                let ym = body.get(..body.len() - 3).unwrap_or(body);
                return Err(format!(
                    "day {d} does not exist in {ym}, which has {last} days; give 01-{last}"
                ));
            }
            (v, v)
        }
    };
    Ok((ymd(y0, m0, d0)?, ymd(y1, m1, d1)?))
}

/// The number written by ASCII digits, reading each X as `fill` (callers check the chars).
fn value(s: &str, fill: u32) -> u32 {
    s.bytes().fold(0, |n, b| {
        n * 10 + if b == b'X' { fill } else { u32::from(b - b'0') }
    })
}

fn last_day(year: i32, month: u32) -> Result<u32, String> {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(year, month, d).is_some())
        .ok_or_else(|| out_of_range(year))
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| out_of_range(year))
}

fn out_of_range(year: impl fmt::Display) -> String {
    let (min, max) = (NaiveDate::MIN.year(), NaiveDate::MAX.year());
    format!("year {year} is outside the supported range {min} to {max}; give a year inside it")
}

/// Shortens the many early returns of a fixed message.
fn bad<T>(reason: &str) -> Result<T, String> {
    Err(reason.to_owned())
}
#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        match NaiveDate::from_ymd_opt(y, m, day) {
            Some(date) => date,
            None => panic!("bad test date {y}-{m}-{day}"),
        }
    }

    fn ok(s: &str) -> Edtf {
        match Edtf::parse(s) {
            Ok(e) => e,
            Err(e) => panic!("`{s}` should parse: {e}"),
        }
    }

    fn err(s: &str) -> String {
        match Edtf::parse(s) {
            Ok(e) => panic!("`{s}` should be rejected, got {e:?}"),
            Err(e) => e.to_string(),
        }
    }

    /// Asserts exact bounds and (approximate, uncertain, interval) flags.
    fn check(s: &str, lo: Option<NaiveDate>, hi: Option<NaiveDate>, flags: (bool, bool, bool)) {
        let e = ok(s);
        assert_eq!((e.earliest(), e.latest()), (lo, hi), "bounds of `{s}`");
        assert_eq!(
            (e.approximate(), e.uncertain(), e.is_interval()),
            flags,
            "flags of `{s}`"
        );
        assert_eq!(e.as_str(), s.trim());
    }

    const PLAIN: (bool, bool, bool) = (false, false, false);

    #[test]
    fn level0_dates() {
        check("2019", Some(d(2019, 1, 1)), Some(d(2019, 12, 31)), PLAIN);
        check("2019-02", Some(d(2019, 2, 1)), Some(d(2019, 2, 28)), PLAIN);
        check("2020-02", Some(d(2020, 2, 1)), Some(d(2020, 2, 29)), PLAIN);
        check(
            "2019-01-31",
            Some(d(2019, 1, 31)),
            Some(d(2019, 1, 31)),
            PLAIN,
        );
        check("0000", Some(d(0, 1, 1)), Some(d(0, 12, 31)), PLAIN);
        check(
            "  2019-05 \n",
            Some(d(2019, 5, 1)),
            Some(d(2019, 5, 31)),
            PLAIN,
        );
    }

    #[test]
    fn negative_years() {
        check("-0100", Some(d(-100, 1, 1)), Some(d(-100, 12, 31)), PLAIN);
        check(
            "-0100-03-15",
            Some(d(-100, 3, 15)),
            Some(d(-100, 3, 15)),
            PLAIN,
        );
        check("-201X", Some(d(-2019, 1, 1)), Some(d(-2010, 12, 31)), PLAIN);
        check(
            "-0100/0100",
            Some(d(-100, 1, 1)),
            Some(d(100, 12, 31)),
            (false, false, true),
        );
    }

    #[test]
    fn leap_days() {
        check(
            "2020-02-29",
            Some(d(2020, 2, 29)),
            Some(d(2020, 2, 29)),
            PLAIN,
        );
        check(
            "2000-02-29",
            Some(d(2000, 2, 29)),
            Some(d(2000, 2, 29)),
            PLAIN,
        );
        assert!(err("2019-02-29").contains("day 29 does not exist in 2019-02, which has 28 days"));
        assert!(err("1900-02-29").contains("1900-02"));
        assert!(err("2019-04-31").contains("day 31"));
        assert!(err("2019-01-00").contains("day 00"));
        assert!(err("2019-01-32").contains("day 32"));
    }

    #[test]
    fn qualifiers_set_flags_without_widening() {
        check(
            "2019-01~",
            Some(d(2019, 1, 1)),
            Some(d(2019, 1, 31)),
            (true, false, false),
        );
        check(
            "2004?",
            Some(d(2004, 1, 1)),
            Some(d(2004, 12, 31)),
            (false, true, false),
        );
        check(
            "2004-06%",
            Some(d(2004, 6, 1)),
            Some(d(2004, 6, 30)),
            (true, true, false),
        );
        check(
            "2004-06-11?",
            Some(d(2004, 6, 11)),
            Some(d(2004, 6, 11)),
            (false, true, false),
        );
        check(
            "2004~/2006?",
            Some(d(2004, 1, 1)),
            Some(d(2006, 12, 31)),
            (true, true, true),
        );
        check(
            "2004/2006~",
            Some(d(2004, 1, 1)),
            Some(d(2006, 12, 31)),
            (true, false, true),
        );
    }

    #[test]
    fn unspecified_digits() {
        check("201X", Some(d(2010, 1, 1)), Some(d(2019, 12, 31)), PLAIN);
        check("20XX", Some(d(2000, 1, 1)), Some(d(2099, 12, 31)), PLAIN);
        check("2004-XX", Some(d(2004, 1, 1)), Some(d(2004, 12, 31)), PLAIN);
        check(
            "2004-06-XX",
            Some(d(2004, 6, 1)),
            Some(d(2004, 6, 30)),
            PLAIN,
        );
        check(
            "2004-02-XX",
            Some(d(2004, 2, 1)),
            Some(d(2004, 2, 29)),
            PLAIN,
        );
        check(
            "2004-XX-XX",
            Some(d(2004, 1, 1)),
            Some(d(2004, 12, 31)),
            PLAIN,
        );
        check(
            "201X~",
            Some(d(2010, 1, 1)),
            Some(d(2019, 12, 31)),
            (true, false, false),
        );
        for bad in [
            "2004-X1",
            "2004-1X",
            "20X4",
            "201X-05",
            "2004-XX-05",
            "2004-06-X1",
        ] {
            assert!(err(bad).contains(bad), "{bad}");
        }
        assert!(err("2004-X1").contains("must come last"));
        assert!(err("2004-1X").contains("level 2"));
        assert!(err("201x").contains("uppercase X"));
    }

    #[test]
    fn long_years() {
        check(
            "Y170000",
            Some(d(170_000, 1, 1)),
            Some(d(170_000, 12, 31)),
            PLAIN,
        );
        check(
            "Y-170000",
            Some(d(-170_000, 1, 1)),
            Some(d(-170_000, 12, 31)),
            PLAIN,
        );
        check(
            "Y262142",
            Some(d(262_142, 1, 1)),
            Some(NaiveDate::MAX),
            PLAIN,
        );
        check(
            "Y-262143",
            Some(NaiveDate::MIN),
            Some(d(-262_143, 12, 31)),
            PLAIN,
        );
        for bad in [
            "Y170000002",
            "Y-170000002",
            "Y262143",
            "Y99999999999999999999",
        ] {
            let msg = err(bad);
            assert!(
                msg.contains(bad) && msg.contains("outside the supported range"),
                "{msg}"
            );
        }
        assert!(err("Y2019").contains("more than four digits"));
        assert!(err("Y17E7").contains("unexpected character `E`"));
        assert!(err("Y1700X").contains("more than four digits"));
        assert!(err("2019Y").contains("Y may only start"));
    }

    #[test]
    fn seasons() {
        check("2001-21", Some(d(2001, 3, 1)), Some(d(2001, 5, 31)), PLAIN);
        check("2001-22", Some(d(2001, 6, 1)), Some(d(2001, 8, 31)), PLAIN);
        check("2001-23", Some(d(2001, 9, 1)), Some(d(2001, 11, 30)), PLAIN);
        check("2001-24", Some(d(2001, 12, 1)), Some(d(2002, 2, 28)), PLAIN);
        check("2003-24", Some(d(2003, 12, 1)), Some(d(2004, 2, 29)), PLAIN);
        check(
            "2001-22?",
            Some(d(2001, 6, 1)),
            Some(d(2001, 8, 31)),
            (false, true, false),
        );
        assert!(err("2001-21-05").contains("has no day"));
        assert!(err("2001-25").contains("month 25 does not exist"));
        assert!(err("2001-2X").contains("level 2"));
    }

    #[test]
    fn intervals() {
        let iv = (false, false, true);
        check("2011/2012", Some(d(2011, 1, 1)), Some(d(2012, 12, 31)), iv);
        check(
            "2011-01/2012-09",
            Some(d(2011, 1, 1)),
            Some(d(2012, 9, 30)),
            iv,
        );
        check("2011/..", Some(d(2011, 1, 1)), None, iv);
        check("../2024", None, Some(d(2024, 12, 31)), iv);
        check("2011/", Some(d(2011, 1, 1)), None, iv);
        check("/2024-06", None, Some(d(2024, 6, 30)), iv);
        check(
            "2011-06/2011",
            Some(d(2011, 6, 1)),
            Some(d(2011, 12, 31)),
            iv,
        );
        check(
            "2019-12-31/2019-12-31",
            Some(d(2019, 12, 31)),
            Some(d(2019, 12, 31)),
            iv,
        );
        check(
            "2001-24/2002-02",
            Some(d(2001, 12, 1)),
            Some(d(2002, 2, 28)),
            iv,
        );
        check("201X/2015", Some(d(2010, 1, 1)), Some(d(2015, 12, 31)), iv);
    }

    #[test]
    fn interval_rejections() {
        assert_eq!(
            err("2012/2011"),
            "`2012/2011` is not a valid EDTF interval: it ends before it starts \
             (put the earlier date first, e.g. 2011/2012)"
        );
        assert!(err("2019-12-02/2019-12-01").contains("ends before it starts"));
        for bad in ["../..", "/", "../", "/..", ".."] {
            assert!(err(bad).contains(&format!("`{bad}`")), "{bad}");
        }
        assert!(err("../..").contains("at least one side"));
        assert!(err("2011/2012/2013").contains("exactly one `/`"));
        let msg = err("2019-13/2020");
        assert!(
            msg.contains("interval") && msg.contains("start `2019-13`") && msg.contains("month 13")
        );
        assert!(err("2019/2020-02-30").contains("end `2020-02-30`"));
        assert!(err("2011 / 2012").contains("spaces"));
    }

    #[test]
    fn rejections() {
        let cases = [
            (
                "2019-13",
                "month 13 does not exist (use 01-12, or 21-24 for seasons)",
            ),
            ("2019-00", "month 00 does not exist"),
            ("2019-01-01T10:00", "times are not supported"),
            ("2019-01-01 10:00", "spaces"),
            ("2019 01", "spaces"),
            ("2004?~", "two qualifiers"),
            ("2004~~", "two qualifiers"),
            ("2004-?06", "level 2"),
            ("?2004", "level 2"),
            ("2004-06?-11", "level 2"),
            ("{2004,2005}", "level 2"),
            ("[2004..2006]", "level 2"),
            ("2019abc", "unexpected character `a`"),
            ("2019-01-01-", "too many parts"),
            ("2019-01-01-05", "too many parts"),
            ("2019-1", "two digits"),
            ("2019-001", "two digits"),
            ("2019-", "two digits"),
            ("19", "four digits"),
            ("20190", "four digits"),
            ("-", "four digits"),
            ("?", "needs a date"),
            ("2019..2020", "`..` may only"),
            ("+2019", "unexpected character `+`"),
            ("2019-01-01Z", "unexpected character `Z`"),
            ("1950S2", "unexpected character `S`"),
            ("٢٠١٩", "unexpected character"),
        ];
        for (input, expected) in cases {
            let msg = err(input);
            assert!(
                msg.contains(&format!("`{input}`")),
                "`{input}` not quoted in: {msg}"
            );
            assert!(msg.contains(expected), "`{input}`: {msg}");
        }
        assert_eq!(
            err("2019-13"),
            "`2019-13` is not a valid EDTF date: month 13 does not exist \
             (use 01-12, or 21-24 for seasons)"
        );
    }

    #[test]
    fn empty_input() {
        let expected = "`` is empty: give an EDTF date such as 2019, 2019-01~ or 2011/2012";
        assert_eq!(err(""), expected);
        assert_eq!(err("  \t "), expected);
        assert_eq!(Edtf::parse(""), Err(EdtfError::Empty));
    }

    #[test]
    fn long_input_is_truncated_in_messages() {
        let input = "9".repeat(100);
        let msg = err(&input);
        assert!(msg.starts_with(&format!("`{}…`", "9".repeat(64))), "{msg}");
        let short = "9".repeat(64);
        assert!(err(&short).starts_with(&format!("`{short}`")));
    }

    #[test]
    fn display_and_from_str_round_trip() {
        for s in [
            "2019", "2019-01~", "-0100", "201X", "2001-24", "Y-170000", "2011/..", "/2024",
            "2004-06%",
        ] {
            let e: Edtf = match s.parse() {
                Ok(e) => e,
                Err(e) => panic!("{e}"),
            };
            assert_eq!(e.to_string(), s);
            assert_eq!(e.to_string().parse::<Edtf>(), Ok(e.clone()));
        }
        assert_eq!(ok(" 2019 ").to_string(), "2019");
        assert!("2019-13".parse::<Edtf>().is_err());
    }

    #[test]
    fn every_month_and_year_pair() {
        for year in 1990..=2030 {
            for month in 1..=12u32 {
                let e = ok(&format!("{year}-{month:02}"));
                let first = d(year, month, 1);
                let next = match month {
                    12 => d(year + 1, 1, 1),
                    _ => d(year, month + 1, 1),
                };
                assert_eq!(e.earliest().map(|x| x.day()), Some(1));
                assert_eq!(e.earliest(), Some(first));
                assert_eq!(e.latest(), next.pred_opt(), "{year}-{month:02}");
            }
            let e = ok(&format!("{year}/{}", year + 1));
            let (lo, hi) = (
                e.earliest().unwrap_or(NaiveDate::MAX),
                e.latest().unwrap_or(NaiveDate::MIN),
            );
            assert!(lo <= d(year, 1, 1) && hi >= d(year + 1, 12, 31), "{year}");
            assert_eq!((lo, hi), (d(year, 1, 1), d(year + 1, 12, 31)));
        }
    }
}
