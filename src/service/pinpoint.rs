//! Typed pinpoints: where in its source a citation is, said so that it can be checked.
//! A pinpoint may point into one of the source's captures; in a text capture the door
//! checks that the place exists and that the citation's quote is there, up to
//! whitespace (`check_in`). Offsets count Unicode characters (scalar values) of the
//! capture's text, from 0, the end excluded; pages, paragraphs and lines count from 1,
//! both ends included. Free text is the citation's `locator`, not a pinpoint.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::service::fields::{FieldError, FieldResult};

/// The longest time a time range may reach, in seconds (about 115 days of recording).
const TIME_MAX: f64 = 1.0e7;
/// The highest page, paragraph, line or frame number.
const NUMBER_MAX: i64 = 100_000_000;
/// The longest sheet name kept.
const SHEET_MAX: usize = 255;

/// Where in a source, typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Pinpoint {
    /// Pages `start` to `end`.
    Page {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        capture: Option<Uuid>,
        start: i64,
        end: i64,
    },
    /// A paragraph: in a text capture, the `number`th block of lines between blank
    /// lines; otherwise as the source numbers its paragraphs.
    Paragraph {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        capture: Option<Uuid>,
        number: i64,
    },
    /// Lines `start` to `end`.
    Lines {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        capture: Option<Uuid>,
        start: i64,
        end: i64,
    },
    /// Characters `start` (included) to `end` (excluded) of a text capture.
    Characters { capture: Uuid, start: i64, end: i64 },
    /// Seconds `start` to `end` of a recording.
    Time {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        capture: Option<Uuid>,
        start: f64,
        end: f64,
    },
    /// One frame of a video, from 0.
    Frame {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        capture: Option<Uuid>,
        number: i64,
    },
    /// A spreadsheet cell or range in A1 notation (`B12`, `B12:C14`), on `sheet`.
    Cell {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        capture: Option<Uuid>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sheet: Option<String>,
        cell: String,
    },
}

fn invalid(message: impl Into<String>) -> FieldError {
    FieldError::new("pinpoint", message)
}

impl Pinpoint {
    /// The capture it points into, if any.
    pub fn capture(&self) -> Option<Uuid> {
        match self {
            Pinpoint::Characters { capture, .. } => Some(*capture),
            Pinpoint::Page { capture, .. }
            | Pinpoint::Paragraph { capture, .. }
            | Pinpoint::Lines { capture, .. }
            | Pinpoint::Time { capture, .. }
            | Pinpoint::Frame { capture, .. }
            | Pinpoint::Cell { capture, .. } => *capture,
        }
    }

    /// Reads a stored pinpoint.
    pub fn parse(json: &str) -> FieldResult<Pinpoint> {
        serde_json::from_str(json).map_err(|e| invalid(format!("is not a pinpoint: {e}")))
    }

    /// As stored.
    pub fn to_json(&self) -> String {
        // A pinpoint is numbers, ids and short strings: it always serializes.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The rules that need only the pinpoint, bringing it to its canonical form (a cell
    /// in capitals).
    pub fn check(&mut self) -> FieldResult {
        match self {
            Pinpoint::Page { start, end, .. } => range(*start, *end, 1, "pages"),
            Pinpoint::Lines { start, end, .. } => range(*start, *end, 1, "lines"),
            Pinpoint::Paragraph { number, .. } => number_in(*number, 1, "a paragraph"),
            Pinpoint::Frame { number, .. } => number_in(*number, 0, "a frame"),
            Pinpoint::Characters { start, end, .. } => {
                if *start < 0 || *end <= *start {
                    return Err(invalid(
                        "a character range needs 0 <= start < end (the end is excluded)",
                    ));
                }
                Ok(())
            }
            Pinpoint::Time { start, end, .. } => {
                if !(start.is_finite() && end.is_finite())
                    || *start < 0.0
                    || *end < *start
                    || *end > TIME_MAX
                {
                    return Err(invalid(format!(
                        "a time range needs 0 <= start <= end <= {TIME_MAX} seconds"
                    )));
                }
                Ok(())
            }
            Pinpoint::Cell { sheet, cell, .. } => {
                if let Some(name) = sheet {
                    let trimmed = name.trim();
                    if trimmed.is_empty() || trimmed.chars().count() > SHEET_MAX {
                        return Err(invalid(format!(
                            "a sheet name has 1 to {SHEET_MAX} characters"
                        )));
                    }
                    *name = trimmed.to_owned();
                }
                *cell = cell.trim().to_ascii_uppercase();
                cell_range(cell).map(|_| ())
            }
        }
    }
}

fn number_in(n: i64, least: i64, what: &str) -> FieldResult {
    if n < least || n > NUMBER_MAX {
        return Err(invalid(format!(
            "{what} is numbered from {least} to {NUMBER_MAX}"
        )));
    }
    Ok(())
}

fn range(start: i64, end: i64, least: i64, what: &str) -> FieldResult {
    if start < least || end < start || end > NUMBER_MAX {
        return Err(invalid(format!(
            "{what} need {least} <= start <= end <= {NUMBER_MAX}"
        )));
    }
    Ok(())
}

/// A cell in A1 notation as (row, column), both from 1.
fn cell_at(cell: &str) -> Option<(usize, usize)> {
    let letters = cell.chars().take_while(char::is_ascii_uppercase).count();
    let (column, row) = cell.split_at(letters);
    // XFD1048576 is the last cell of a spreadsheet.
    if !(1..=3).contains(&letters) || row.is_empty() || row.starts_with('0') {
        return None;
    }
    let column = column
        .bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1));
    let row: usize = row.parse().ok()?;
    (column <= 16_384 && row <= 1_048_576).then_some((row, column))
}

/// A cell or range in A1 notation as its first and last cells.
fn cell_range(cell: &str) -> FieldResult<((usize, usize), (usize, usize))> {
    let bad = || {
        invalid(format!(
            "`{cell}` is not a cell in A1 notation: a column (A to XFD) and a row, e.g. `B12`, or a range `B12:C14`"
        ))
    };
    let (first, last) = cell.split_once(':').unwrap_or((cell, cell));
    let first = cell_at(first).ok_or_else(bad)?;
    let last = cell_at(last).ok_or_else(bad)?;
    if last.0 < first.0 || last.1 < first.1 {
        return Err(invalid(format!(
            "the range `{cell}` must run from its top left cell to its bottom right one"
        )));
    }
    Ok((first, last))
}

/// `text` with every run of whitespace made one space, and none at either end: the
/// form in which a quote and its place are compared.
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The characters `start..end` of `text`, if it has that many.
fn characters(text: &str, start: usize, end: usize) -> Option<&str> {
    let mut offsets = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let from = offsets.nth(start)?;
    let to = offsets.nth(end.checked_sub(start + 1)?)?;
    text.get(from..to)
}

/// The paragraphs of `text`: blocks of lines between blank lines.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// The cells of a CSV text (the rows `first.0..=last.0`, columns `first.1..=last.1`),
/// joined by spaces; `None` when the range is outside it.
fn csv_cells(text: &str, first: (usize, usize), last: (usize, usize)) -> Option<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 1;
        if row > last.0 {
            break;
        }
        if row < first.0 {
            continue;
        }
        let record = record.ok()?;
        for column in first.1..=last.1 {
            cells.push(record.get(column - 1)?.to_owned());
        }
    }
    let rows = last.0 - first.0 + 1;
    let columns = last.1 - first.1 + 1;
    (cells.len() == rows * columns).then(|| cells.join(" "))
}

/// What a pinpoint is checked against: its capture, when it names one.
pub struct Target<'a> {
    /// The capture's media type, essence in lowercase (`text/plain`).
    pub media_type: &'a str,
    /// Its text, when it is a text capture whose text this server holds.
    pub text: Option<&'a str>,
}

impl Target<'_> {
    fn is_text(&self) -> bool {
        self.media_type.starts_with("text/")
    }

    /// The capture's text, for a pinpoint that points into text: an error when the
    /// capture is not text; `None` when its text is not on this server (its content
    /// came without it, by a plain import): then the place cannot be checked here, as
    /// it was where it was written, and `daleel check` checks it once the content is
    /// in the store.
    fn needs_text(&self, what: &str) -> FieldResult<Option<&str>> {
        if !self.is_text() {
            return Err(invalid(format!(
                "{what} points into a text capture; this capture is `{}` (cite a page, a time or a frame instead)",
                self.media_type
            )));
        }
        Ok(self.text)
    }
}

/// The place the pinpoint names in its capture exists, and `quote`, when given, is
/// found there up to whitespace (for a character range: is exactly that range).
pub fn check_against(pinpoint: &Pinpoint, target: &Target<'_>, quote: Option<&str>) -> FieldResult {
    let usize_of = |n: i64| usize::try_from(n).unwrap_or(usize::MAX);
    let found = |place: &str, what: String| -> FieldResult {
        match quote {
            Some(q) if !fold(place).contains(&fold(q)) => Err(invalid(format!(
                "the quote is not found in {what} of the capture (compared up to whitespace)"
            ))),
            _ => Ok(()),
        }
    };
    match pinpoint {
        Pinpoint::Characters { start, end, .. } => {
            let Some(text) = target.needs_text("a character range")? else {
                return Ok(());
            };
            let place = characters(text, usize_of(*start), usize_of(*end)).ok_or_else(|| {
                invalid(format!(
                    "characters {start} to {end} are past the end of the capture's text ({} characters)",
                    text.chars().count()
                ))
            })?;
            match quote {
                Some(q) if fold(place) != fold(q) => Err(invalid(format!(
                    "characters {start} to {end} of the capture are not the quote (compared up to whitespace); they read: {}",
                    excerpt(place)
                ))),
                _ => Ok(()),
            }
        }
        Pinpoint::Paragraph { number, .. } if target.is_text() => {
            let Some(text) = target.needs_text("a paragraph")? else {
                return Ok(());
            };
            let all = paragraphs(text);
            let place = all.get(usize_of(*number).saturating_sub(1)).ok_or_else(|| {
                invalid(format!(
                    "the capture's text has {} paragraphs (blocks between blank lines), not {number}",
                    all.len()
                ))
            })?;
            found(place, format!("paragraph {number}"))
        }
        Pinpoint::Lines { start, end, .. } => {
            let Some(text) = target.needs_text("a line range")? else {
                return Ok(());
            };
            let lines: Vec<&str> = text.lines().collect();
            if usize_of(*end) > lines.len() {
                return Err(invalid(format!(
                    "the capture's text has {} lines, not {end}",
                    lines.len()
                )));
            }
            found(
                &lines[usize_of(*start).saturating_sub(1)..usize_of(*end)].join("\n"),
                format!("lines {start} to {end}"),
            )
        }
        Pinpoint::Time { .. } | Pinpoint::Frame { .. } => {
            let recording = target.media_type.starts_with("video/")
                || (matches!(pinpoint, Pinpoint::Time { .. })
                    && target.media_type.starts_with("audio/"));
            if !recording {
                return Err(invalid(format!(
                    "a time or a frame points into a recording; this capture is `{}`",
                    target.media_type
                )));
            }
            Ok(())
        }
        Pinpoint::Cell { cell, .. } if target.media_type == "text/csv" => {
            let Some(text) = target.needs_text("a cell")? else {
                return Ok(());
            };
            let (first, last) = cell_range(cell)?;
            let place = csv_cells(text, first, last)
                .ok_or_else(|| invalid(format!("the capture's table has no cell {cell}")))?;
            found(&place, format!("cell {cell}"))
        }
        // Pages, and paragraphs or cells of a capture that is not text (a PDF, a
        // spreadsheet file): this server cannot read them to check.
        Pinpoint::Page { .. } | Pinpoint::Paragraph { .. } | Pinpoint::Cell { .. } => Ok(()),
    }
}

/// The start of `text`, for an error message.
fn excerpt(text: &str) -> String {
    let folded = fold(text);
    let mut short: String = folded.chars().take(80).collect();
    if short.len() < folded.len() {
        short.push('…');
    }
    format!("“{short}”")
}

/// Where `quote` is in `text`, as a character range, up to whitespace: its
/// `occurrence`th place (from 1), or its only one. `Err` says why there is none.
pub fn find(text: &str, quote: &str, occurrence: Option<usize>) -> Result<(i64, i64), String> {
    // The folded text, and for each of its characters the offset of the character of
    // `text` it stands for.
    let mut folded = String::new();
    let mut offsets: Vec<usize> = Vec::new();
    let mut space_at: Option<usize> = None;
    for (n, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            space_at = space_at.or(Some(n));
            continue;
        }
        if let Some(at) = space_at.take()
            && !folded.is_empty()
        {
            folded.push(' ');
            offsets.push(at);
        }
        folded.push(c);
        offsets.push(n);
    }
    let wanted = fold(quote);
    if wanted.is_empty() {
        return Err("the quote is empty".into());
    }
    let places: Vec<usize> = folded
        .match_indices(&wanted)
        .map(|(byte, _)| folded[..byte].chars().count())
        .collect();
    let at = match (occurrence, places.len()) {
        (_, 0) => return Err("the quote is not in the text".into()),
        (None, 1) => places[0],
        (None, n) => {
            return Err(format!(
                "the quote is in the text {n} times; say which occurrence"
            ));
        }
        (Some(k), n) => *places
            .get(k.wrapping_sub(1))
            .ok_or_else(|| format!("the quote is in the text {n} times, not {k}"))?,
    };
    let last = at + wanted.chars().count() - 1;
    let start = offsets[at];
    let end = offsets[last] + 1;
    Ok((
        i64::try_from(start).map_err(|e| e.to_string())?,
        i64::try_from(end).map_err(|e| e.to_string())?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "= Title =\n\nFirst  paragraph,\nwrapped here.\n\nSecond one — ünïcode.\n";

    fn text_target() -> Target<'static> {
        Target {
            media_type: "text/plain",
            text: Some(TEXT),
        }
    }

    #[test]
    fn a_quote_is_found_up_to_whitespace_and_its_range_holds_it() {
        let (start, end) = find(TEXT, "First paragraph, wrapped", None).unwrap();
        let pin = Pinpoint::Characters {
            capture: Uuid::nil(),
            start,
            end,
        };
        assert_eq!(
            characters(TEXT, start as usize, end as usize),
            Some("First  paragraph,\nwrapped")
        );
        check_against(&pin, &text_target(), Some("First paragraph,  wrapped")).unwrap();
        // Offsets count characters, not bytes.
        let (start, end) = find(TEXT, "ünïcode", None).unwrap();
        assert_eq!(end - start, 7);
        assert!(check_against(&pin, &text_target(), Some("Second one")).is_err());
    }

    #[test]
    fn paragraphs_and_lines_exist_and_hold_the_quote() {
        let para = |number| Pinpoint::Paragraph {
            capture: None,
            number,
        };
        check_against(&para(2), &text_target(), Some("paragraph, wrapped")).unwrap();
        assert!(check_against(&para(3), &text_target(), Some("paragraph")).is_err());
        assert!(check_against(&para(4), &text_target(), None).is_err());
        let lines = Pinpoint::Lines {
            capture: None,
            start: 3,
            end: 4,
        };
        check_against(&lines, &text_target(), Some("paragraph, wrapped here.")).unwrap();
        let past = Pinpoint::Lines {
            capture: None,
            start: 3,
            end: 9,
        };
        assert!(check_against(&past, &text_target(), None).is_err());
    }

    #[test]
    fn an_ambiguous_quote_needs_its_occurrence() {
        let text = "a b a b";
        assert!(find(text, "a b", None).is_err());
        assert_eq!(find(text, "a b", Some(2)), Ok((4, 7)));
        assert!(find(text, "a b", Some(3)).is_err());
    }

    #[test]
    fn cells_are_checked_in_a1_notation_and_in_csv_captures() {
        let mut cell = Pinpoint::Cell {
            capture: None,
            sheet: None,
            cell: " b2 ".into(),
        };
        cell.check().unwrap();
        assert_eq!(
            cell,
            Pinpoint::Cell {
                capture: None,
                sheet: None,
                cell: "B2".into()
            }
        );
        for bad in ["2B", "B0", "AAAA1", "C3:B2", ""] {
            let mut pin = Pinpoint::Cell {
                capture: None,
                sheet: None,
                cell: bad.into(),
            };
            assert!(pin.check().is_err(), "{bad}");
        }
        let csv = Target {
            media_type: "text/csv",
            text: Some("name,count\nSednaya,\"1,200\"\n"),
        };
        check_against(&cell, &csv, Some("1,200")).unwrap();
        assert!(check_against(&cell, &csv, Some("900")).is_err());
        let outside = Pinpoint::Cell {
            capture: None,
            sheet: None,
            cell: "C9".into(),
        };
        assert!(check_against(&outside, &csv, None).is_err());
    }

    #[test]
    fn recordings_take_times_and_frames_and_text_takes_characters() {
        let video = Target {
            media_type: "video/mp4",
            text: None,
        };
        let time = Pinpoint::Time {
            capture: None,
            start: 1.5,
            end: 3.0,
        };
        check_against(&time, &video, None).unwrap();
        assert!(check_against(&time, &text_target(), None).is_err());
        let chars = Pinpoint::Characters {
            capture: Uuid::nil(),
            start: 0,
            end: 3,
        };
        assert!(check_against(&chars, &video, None).is_err());
        let mut backwards = Pinpoint::Time {
            capture: None,
            start: 3.0,
            end: 1.0,
        };
        assert!(backwards.check().is_err());
    }
}
