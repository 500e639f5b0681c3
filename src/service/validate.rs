//! Input checks shared by every write. Each failure is BAD_USER_INPUT naming the field
//! and saying what to write instead; nothing is stored when one fails.

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use uuid::Uuid;

use crate::edtf::Edtf;
use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::service::access::Viewer;

fn bad(field: &str, what: impl std::fmt::Display) -> AppError {
    AppError::bad_input(format!("`{field}`: {what}"))
}

/// A required text of 1 to `max` characters, trimmed, that a reader can see.
pub fn text(field: &str, value: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(bad(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(bad(field, format!("is longer than {max} characters")));
    }
    readable(field, value)?;
    Ok(value.to_owned())
}

/// Refuses control characters (but tab and line breaks) and text made only of invisible
/// characters. Zero-width joiners and bidi marks inside visible text are kept as written:
/// copy-pasted Arabic carries them, and search folds them away.
pub fn readable(field: &str, value: &str) -> AppResult<()> {
    if let Some(c) = value
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(bad(
            field,
            format!(
                "contains the control character U+{:04X}; remove it (only tabs and line breaks are allowed)",
                u32::from(c)
            ),
        ));
    }
    if value.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(bad(
            field,
            "has no visible characters (only spaces, zero-width or direction marks)",
        ));
    }
    Ok(())
}

/// Format characters that take no space: zero-width (non-)joiners and spaces, direction
/// marks, embeddings, overrides and isolates, the word joiner, the byte-order mark and
/// the soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{00AD}'
    )
}

/// An optional text: empty means none.
pub fn optional_text(field: &str, value: Option<String>, max: usize) -> AppResult<Option<String>> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => text(field, v, max).map(Some),
    }
}

/// A slug: lowercase letters, digits and single hyphens, e.g. `al-khatib-prison`.
pub fn slug(field: &str, value: &str) -> AppResult<String> {
    let value = value.trim();
    let valid = !value.is_empty()
        && value.len() <= 128
        && value.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !valid {
        return Err(bad(
            field,
            "use lowercase letters, digits and single hyphens, e.g. `al-khatib-prison` (at most 128)",
        ));
    }
    Ok(value.to_owned())
}

/// A stored EDTF field: the text and its earliest and latest days.
pub type FuzzyColumns = (Option<String>, Option<NaiveDate>, Option<NaiveDate>);

/// An EDTF date and its bounds, or none.
pub fn fuzzy_date(field: &str, value: Option<String>) -> AppResult<FuzzyColumns> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok((None, None, None)),
        Some(text) => {
            let edtf = Edtf::parse(text).map_err(|e| bad(field, e))?;
            Ok((
                Some(edtf.as_str().to_owned()),
                edtf.earliest(),
                edtf.latest(),
            ))
        }
    }
}

/// An ISO 3166-1 alpha-2 country code, upper-cased.
pub fn country(field: &str, value: Option<String>) -> AppResult<Option<String>> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(code) if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Ok(Some(code.to_uppercase()))
        }
        Some(_) => Err(bad(
            field,
            "use a two-letter ISO 3166-1 code, e.g. `SY` or `DE`",
        )),
    }
}

/// Latitude and longitude: both or neither, within range.
pub fn coordinates(
    latitude: Option<f64>,
    longitude: Option<f64>,
) -> AppResult<(Option<f64>, Option<f64>)> {
    match (latitude, longitude) {
        (None, None) => Ok((None, None)),
        (Some(lat), Some(lon)) => {
            if !(-90.0..=90.0).contains(&lat) {
                return Err(bad("location.latitude", "must be between -90 and 90"));
            }
            if !(-180.0..=180.0).contains(&lon) {
                return Err(bad("location.longitude", "must be between -180 and 180"));
            }
            Ok((Some(lat), Some(lon)))
        }
        _ => Err(bad(
            "location",
            "give both `latitude` and `longitude`, or neither",
        )),
    }
}

/// An http(s) URL.
pub fn url(field: &str, value: Option<String>) -> AppResult<Option<String>> {
    let value = optional_text(field, value, 2000)?;
    if let Some(url) = &value {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        if rest.is_none_or(|r| r.is_empty() || r.contains(char::is_whitespace)) {
            return Err(bad(field, "must be an http:// or https:// address"));
        }
    }
    Ok(value)
}

/// The record `id` of `node` exists and `viewer` may see it (a write may not point at a
/// record the writer cannot see).
pub async fn visible_record<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    field: &str,
    node: NodeType,
    id: Uuid,
) -> AppResult<()> {
    let table = Alias::new(node.table());
    let mut select = Query::select();
    select
        .column((table.clone(), Alias::new("id")))
        .from(table.clone())
        .and_where(Expr::col((table.clone(), Alias::new("id"))).eq(id))
        .cond_where(viewer.can_see(
            (table.clone(), Alias::new("visibility")),
            (table, Alias::new("archived_at")),
        ));
    match db.query_one(&select).await? {
        Some(_) => Ok(()),
        None => Err(bad(field, format!("no {} with this id", node.name()))),
    }
}

/// `slug` is not used by another record of `node`.
pub async fn unique_slug<C: ConnectionTrait>(
    db: &C,
    node: NodeType,
    slug: &str,
    except: Option<Uuid>,
) -> AppResult<()> {
    let table = Alias::new(node.table());
    let mut select = Query::select();
    select
        .column(Alias::new("id"))
        .from(table)
        .and_where(Expr::col(Alias::new("slug")).eq(slug));
    if let Some(id) = except {
        select.and_where(Expr::col(Alias::new("id")).ne(id));
    }
    match db.query_one(&select).await? {
        Some(_) => Err(bad(
            "slug",
            format!(
                "`{slug}` is already used by another {}; choose another",
                node.name()
            ),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_and_hyphens() {
        assert!(slug("slug", "al-khatib-prison").is_ok());
        for bad in ["", "Al-Khatib", "a--b", "-a", "a-", "a b", "ä"] {
            assert_eq!(
                slug("slug", bad).unwrap_err().code(),
                "BAD_USER_INPUT",
                "{bad}"
            );
        }
    }

    #[test]
    fn control_and_invisible_only_text_is_refused() {
        for hostile in [
            "Sednaya\u{0}",
            "\u{0}",
            "Ali\u{1b}[31m",
            "a\u{7f}b",
            "a\u{85}b",
            "\u{200B}\u{200C}\u{200D}\u{FEFF}",
            "\u{202E}\u{200F} \u{2066}\u{2069}\u{061C}\u{00AD}",
        ] {
            let err = text("name", hostile, 255).unwrap_err();
            assert_eq!(err.code(), "BAD_USER_INPUT", "{hostile:?}");
            assert!(err.message().starts_with("`name`:"), "{}", err.message());
        }
        assert!(
            text("name", "\u{0}", 255)
                .unwrap_err()
                .message()
                .contains("U+0000")
        );
        // Visible text keeps its joiners and marks, and line breaks are fine in long text.
        let name = "\u{202B}فراس\u{200D} الطلاس\u{200F}";
        assert_eq!(text("name", name, 255).unwrap(), name);
        assert!(text("quote", "line one\r\n\tline two", 20_000).is_ok());
    }

    #[test]
    fn errors_name_the_field() {
        let err = fuzzy_date("opened", Some("2019-13".into())).unwrap_err();
        assert!(err.message().starts_with("`opened`:"), "{}", err.message());
        assert!(
            coordinates(Some(91.0), Some(0.0))
                .unwrap_err()
                .message()
                .contains("latitude")
        );
        assert!(coordinates(Some(1.0), None).is_err());
        assert!(url("url", Some("javascript:alert(1)".into())).is_err());
        assert_eq!(
            country("country", Some("sy".into())).unwrap().as_deref(),
            Some("SY")
        );
    }
}
