//! The rules for one field, shared by every record type and every door (a mutation, an
//! import, the built-in data, the generator). Each checker takes the field in place,
//! brings it to its canonical form (trimmed, upper-case country code, EDTF bounds
//! recomputed) or fails naming the field and saying what to write instead.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::edtf::Edtf;
use crate::ids::NodeType;
use crate::search::normalize::is_invisible;

/// A field that breaks a rule: which one, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The column, as datasets name it (`birth_date`).
    pub column: &'static str,
    /// The field as the API names it, when it is not the column in camelCase
    /// (`location.latitude` for a facility's `latitude`).
    pub api: Option<&'static str>,
    pub message: String,
    /// The record, when one write stores several (an import names the one at fault).
    pub record: Option<(NodeType, Uuid)>,
}

impl FieldError {
    pub fn new(column: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            column,
            api: None,
            message: message.into(),
            record: None,
        }
    }

    /// The same error, about the record `id` of `node`.
    pub fn of_record(mut self, node: NodeType, id: Uuid) -> FieldError {
        self.record = Some((node, id));
        self
    }

    /// The same error, named `api` in the API.
    pub fn at(mut self, api: &'static str) -> FieldError {
        self.api = Some(api);
        self
    }

    /// The field's name in the API: camelCase, or the path given with [`FieldError::at`].
    pub fn api_field(&self) -> String {
        match self.api {
            Some(api) => api.to_owned(),
            None => camel_case(self.column),
        }
    }
}

pub type FieldResult<T = ()> = Result<T, FieldError>;

/// `birth_date` → `birthDate`.
pub fn camel_case(column: &str) -> String {
    let mut out = String::with_capacity(column.len());
    let mut upper = false;
    for c in column.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `birthDate` → `birth_date`.
pub fn snake_case(field: &str) -> String {
    let mut out = String::with_capacity(field.len() + 4);
    for c in field.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Longest texts, in characters.
pub const NAME_MAX: usize = 255;
pub const TITLE_MAX: usize = 2000;
pub const LONG_TEXT_MAX: usize = 20_000;

/// A required text of 1 to `max` characters that a reader can see; trimmed in place.
pub fn text(slot: &mut String, column: &'static str, max: usize) -> FieldResult {
    let trimmed = slot.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(column, "must not be empty"));
    }
    if trimmed.chars().count() > max {
        return Err(FieldError::new(
            column,
            format!("is longer than {max} characters; shorten it"),
        ));
    }
    readable(column, trimmed)?;
    if trimmed.len() != slot.len() {
        *slot = trimmed.to_owned();
    }
    Ok(())
}

/// An optional text: blank means none; otherwise as [`text`].
pub fn opt_text(slot: &mut Option<String>, column: &'static str, max: usize) -> FieldResult {
    if slot.as_deref().is_some_and(|v| v.trim().is_empty()) {
        *slot = None;
    }
    match slot {
        Some(value) => text(value, column, max),
        None => Ok(()),
    }
}

/// Refuses control characters (but tab and line breaks) and text made only of invisible
/// characters. Zero-width joiners and bidi marks inside visible text are kept as written:
/// copy-pasted Arabic carries them, and search folds them away.
pub fn readable(column: &'static str, value: &str) -> FieldResult {
    if let Some(c) = value
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(FieldError::new(
            column,
            format!(
                "contains the control character U+{:04X}; remove it (only tabs and line breaks are allowed)",
                u32::from(c)
            ),
        ));
    }
    if value.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(FieldError::new(
            column,
            "has no visible characters (only spaces, zero-width or direction marks)",
        ));
    }
    Ok(())
}

/// Lowercase ASCII words of letters and digits joined by single `separator`s, at most
/// `max` bytes: the shape of slugs (`-`) and codes (`_`).
fn is_words(value: &str, separator: char, max: usize) -> bool {
    !value.is_empty()
        && value.len() <= max
        && value.split(separator).all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A slug: lowercase letters, digits and single hyphens, e.g. `al-khatib-prison`.
pub fn slug(slot: &mut String) -> FieldResult {
    let trimmed = slot.trim();
    if !is_words(trimmed, '-', 128) {
        return Err(FieldError::new(
            "slug",
            "use lowercase letters, digits and single hyphens, e.g. `al-khatib-prison` (at most 128)",
        ));
    }
    if trimmed.len() != slot.len() {
        *slot = trimmed.to_owned();
    }
    Ok(())
}

/// A normalised code: lowercase words joined by single underscores, e.g. `head_of_branch`.
pub fn code(slot: &mut String, column: &'static str, max: usize) -> FieldResult {
    let trimmed = slot.trim();
    if !is_words(trimmed, '_', max) {
        return Err(FieldError::new(
            column,
            format!(
                "use lowercase letters, digits and single underscores, e.g. `head_of_branch` (at most {max})"
            ),
        ));
    }
    if trimmed.len() != slot.len() {
        *slot = trimmed.to_owned();
    }
    Ok(())
}

/// An optional code, as [`code`]; blank means none.
pub fn opt_code(slot: &mut Option<String>, column: &'static str, max: usize) -> FieldResult {
    if slot.as_deref().is_some_and(|v| v.trim().is_empty()) {
        *slot = None;
    }
    match slot {
        Some(value) => code(value, column, max),
        None => Ok(()),
    }
}

/// A stored value of a closed vocabulary (`parse` accepts it), e.g. a facility kind.
pub fn one_of<V>(
    value: &str,
    column: &'static str,
    parse: fn(&str) -> Option<V>,
    accepted: fn() -> String,
) -> FieldResult {
    match parse(value) {
        Some(_) => Ok(()),
        None => Err(FieldError::new(
            column,
            format!(
                "`{}` is not one of {}",
                value.chars().take(64).collect::<String>(),
                accepted()
            ),
        )),
    }
}

/// An optional value of a closed vocabulary.
pub fn opt_one_of<V>(
    value: &Option<String>,
    column: &'static str,
    parse: fn(&str) -> Option<V>,
    accepted: fn() -> String,
) -> FieldResult {
    match value {
        Some(value) => one_of(value, column, parse, accepted),
        None => Ok(()),
    }
}

/// An ISO 3166-1 alpha-2 country code of a country that exists; upper-cased in place.
pub fn country(slot: &mut Option<String>, column: &'static str) -> FieldResult {
    if slot.as_deref().is_some_and(|v| v.trim().is_empty()) {
        *slot = None;
    }
    let Some(value) = slot else { return Ok(()) };
    let code = value.trim().to_ascii_uppercase();
    if code.len() != 2 || !is_country(&code) {
        return Err(FieldError::new(
            column,
            format!(
                "`{}` is not an ISO 3166-1 alpha-2 country code; use two letters, e.g. `SY` or `DE`",
                value.chars().take(64).collect::<String>()
            ),
        ));
    }
    *value = code;
    Ok(())
}

/// The assigned ISO 3166-1 alpha-2 codes (2024), and XK, which courts and the UN use for
/// Kosovo.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

fn is_country(code: &str) -> bool {
    COUNTRIES.split(' ').any(|c| c == code)
}

/// The first and last days a date's bounds may fall on: every supported database stores
/// them (MariaDB's DATE begins at year 1, and no record here is older).
const FIRST_STORED_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};
const LAST_STORED_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(day) => day,
    None => NaiveDate::MAX,
};

/// An EDTF field and its two bounds: the text checked, the bounds recomputed from it
/// (stored bounds are never trusted).
pub fn edtf(
    text: &mut Option<String>,
    earliest: &mut Option<NaiveDate>,
    latest: &mut Option<NaiveDate>,
    column: &'static str,
) -> FieldResult {
    match parsed_edtf(text, column)? {
        None => (*earliest, *latest) = (None, None),
        Some(parsed) => (*earliest, *latest) = stored_bounds(&parsed, column)?,
    }
    Ok(())
}

/// The bounds a period's rows keep: outer (`earliest`, `latest`) as `edtf` sets them, and
/// inner (`start_latest`, `end_earliest`: the last day it can have begun, the first it
/// can have ended), cut to the stored years as the outer ones are.
pub struct PeriodBounds<'a> {
    pub earliest: &'a mut Option<NaiveDate>,
    pub latest: &'a mut Option<NaiveDate>,
    pub start_latest: &'a mut Option<NaiveDate>,
    pub end_earliest: &'a mut Option<NaiveDate>,
}

/// An optional EDTF period: the text in canonical form and all four of its bounds.
pub fn edtf_period(
    text: &mut Option<String>,
    bounds: PeriodBounds<'_>,
    column: &'static str,
) -> FieldResult {
    let PeriodBounds {
        earliest,
        latest,
        start_latest,
        end_earliest,
    } = bounds;
    match parsed_edtf(text, column)? {
        None => (*earliest, *latest, *start_latest, *end_earliest) = (None, None, None, None),
        Some(parsed) => {
            (*earliest, *latest) = stored_bounds(&parsed, column)?;
            let cut =
                |day: Option<NaiveDate>| day.map(|d| d.clamp(FIRST_STORED_DAY, LAST_STORED_DAY));
            (*start_latest, *end_earliest) =
                (cut(parsed.start_latest()), cut(parsed.end_earliest()));
        }
    }
    Ok(())
}

/// The trimmed text as EDTF, or `None` when there is none.
fn parsed_edtf(text: &mut Option<String>, column: &'static str) -> FieldResult<Option<Edtf>> {
    if text.as_deref().is_some_and(|v| v.trim().is_empty()) {
        *text = None;
    }
    let Some(value) = text else {
        return Ok(None);
    };
    let parsed = Edtf::parse(value).map_err(|e| FieldError::new(column, e.to_string()))?;
    *value = parsed.as_str().to_owned();
    Ok(Some(parsed))
}

/// The bounds a database stores for `date`. A date with unspecified digits (`XXXX`, "a
/// year no one knows"; `0XXX`) reaches outside the years 1 to 9999 only because of what
/// it leaves open, so its bounds are cut to them; a date that names a year outside them
/// is refused.
fn stored_bounds(
    date: &Edtf,
    column: &'static str,
) -> FieldResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    let (earliest, latest) = (date.earliest(), date.latest());
    let inside = |day: Option<NaiveDate>| {
        day.is_none_or(|d| (FIRST_STORED_DAY..=LAST_STORED_DAY).contains(&d))
    };
    if inside(earliest) && inside(latest) {
        return Ok((earliest, latest));
    }
    let cut = (
        earliest.map(|d| d.max(FIRST_STORED_DAY)),
        latest.map(|d| d.min(LAST_STORED_DAY)),
    );
    let meets = match cut {
        (Some(from), Some(to)) => from <= to,
        _ => true,
    };
    if date.as_str().contains('X') && meets {
        return Ok(cut);
    }
    Err(FieldError::new(
        column,
        format!(
            "`{}` reaches outside the years 1 to 9999, which is what daleel stores; \
             give a date inside them",
            date.as_str()
        ),
    ))
}

/// An EDTF field kept as text only (a birth date, never filtered on): any date the
/// parser accepts, since no bound is stored.
pub fn edtf_text(text: &mut Option<String>, column: &'static str) -> FieldResult {
    parsed_edtf(text, column).map(|_| ())
}

/// An http(s) address.
pub fn url(slot: &mut Option<String>, column: &'static str) -> FieldResult {
    opt_text(slot, column, TITLE_MAX)?;
    if let Some(url) = slot {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        if rest.is_none_or(|r| r.is_empty() || r.contains(char::is_whitespace)) {
            return Err(FieldError::new(
                column,
                "must be an http:// or https:// address",
            ));
        }
    }
    Ok(())
}

/// A language tag (BCP 47, e.g. `ar`, `en`, `ar-SY`) or script (ISO 15924, e.g. `Arab`):
/// letters, digits and hyphens.
pub fn tag(slot: &mut Option<String>, column: &'static str, max: usize) -> FieldResult {
    opt_text(slot, column, max)?;
    if let Some(tag) = slot
        && !tag
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(FieldError::new(
            column,
            "use a tag of letters and digits joined by hyphens, e.g. `ar`, `ar-SY`, `Arab`",
        ));
    }
    Ok(())
}

/// Latitude and longitude: both or neither, within range.
pub fn coordinates(latitude: Option<f64>, longitude: Option<f64>) -> FieldResult {
    match (latitude, longitude) {
        (None, None) => Ok(()),
        (Some(lat), Some(lon)) => {
            if !(-90.0..=90.0).contains(&lat) {
                return Err(FieldError::new("latitude", "must be between -90 and 90")
                    .at("location.latitude"));
            }
            if !(-180.0..=180.0).contains(&lon) {
                return Err(FieldError::new("longitude", "must be between -180 and 180")
                    .at("location.longitude"));
            }
            Ok(())
        }
        _ => Err(FieldError::new(
            "latitude",
            "give both `latitude` and `longitude`, or neither",
        )
        .at("location")),
    }
}

/// A whole number within `range`.
pub fn within(
    value: Option<i64>,
    column: &'static str,
    range: std::ops::RangeInclusive<i64>,
) -> FieldResult {
    match value {
        Some(v) if !range.contains(&v) => Err(FieldError::new(
            column,
            format!("must be between {} and {}", range.start(), range.end()),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_and_hyphens() {
        let mut good = " al-khatib-prison ".to_owned();
        assert!(slug(&mut good).is_ok());
        assert_eq!(good, "al-khatib-prison");
        for bad in [
            "",
            "Al-Khatib",
            "a--b",
            "-a",
            "a-",
            "a b",
            "ä",
            "Bad Slug!! ",
        ] {
            let err = slug(&mut bad.to_owned()).unwrap_err();
            assert_eq!(err.column, "slug", "{bad}");
        }
    }

    #[test]
    fn codes_are_snake_case() {
        for good in ["head_of_branch", "guard", "officer2"] {
            assert!(code(&mut good.to_owned(), "role", 64).is_ok(), "{good}");
        }
        for bad in [
            "",
            "Head_of_branch",
            "head-of-branch",
            "head__of",
            "_x",
            "x_",
            "a b",
            "king!",
        ] {
            assert!(code(&mut bad.to_owned(), "role", 64).is_err(), "{bad}");
        }
        assert!(code(&mut "a".repeat(65), "role", 64).is_err());
    }

    #[test]
    fn control_and_invisible_only_text_is_refused() {
        for hostile in [
            "Sednaya\u{0}",
            "\u{0}",
            "Ali\u{1b}[31m",
            "a\u{7}b",
            "a\u{7f}b",
            "a\u{85}b",
            "\u{200B}\u{200C}\u{200D}\u{FEFF}",
            "\u{202E}\u{200F} \u{2066}\u{2069}\u{061C}\u{00AD}",
        ] {
            let err = text(&mut hostile.to_owned(), "name", 255).unwrap_err();
            assert_eq!(err.column, "name", "{hostile:?}");
        }
        let err = text(&mut "\u{0}".to_owned(), "name", 255).unwrap_err();
        assert!(err.message.contains("U+0000"));
        // Visible text keeps its joiners and marks, and line breaks are fine in long text.
        let mut name = "\u{202B}فراس\u{200D} الطلاس\u{200F}".to_owned();
        let kept = name.clone();
        assert!(text(&mut name, "name", 255).is_ok());
        assert_eq!(name, kept);
        assert!(text(&mut "line one\r\n\tline two".to_owned(), "quote", 20_000).is_ok());
        assert!(text(&mut "x".repeat(30_000), "description", 20_000).is_err());
    }

    #[test]
    fn countries_must_exist() {
        let mut sy = Some("sy".to_owned());
        assert!(country(&mut sy, "country").is_ok());
        assert_eq!(sy.as_deref(), Some("SY"));
        for bad in ["ZZZ", "ZZ", "Syria", "S"] {
            let err = country(&mut Some(bad.to_owned()), "nationality").unwrap_err();
            assert_eq!(err.api_field(), "nationality", "{bad}");
        }
        let mut blank = Some("  ".to_owned());
        assert!(country(&mut blank, "country").is_ok());
        assert_eq!(blank, None);
    }

    #[test]
    fn edtf_bounds_are_recomputed_never_trusted() {
        let day = NaiveDate::from_ymd_opt(1999, 1, 1);
        let (mut text, mut earliest, mut latest) = (Some("2019".to_owned()), day, day);
        edtf(&mut text, &mut earliest, &mut latest, "date").unwrap();
        assert_eq!(earliest, NaiveDate::from_ymd_opt(2019, 1, 1));
        assert_eq!(latest, NaiveDate::from_ymd_opt(2019, 12, 31));
        let err = edtf_text(&mut Some("yesterday".to_owned()), "birth_date").unwrap_err();
        assert_eq!(err.api_field(), "birthDate");
    }

    #[test]
    fn errors_name_the_field_as_the_api_does() {
        assert_eq!(
            coordinates(Some(999.0), Some(0.0)).unwrap_err().api_field(),
            "location.latitude"
        );
        assert!(coordinates(Some(1.0), None).is_err());
        assert!(url(&mut Some("javascript:alert(1)".into()), "url").is_err());
        assert!(tag(&mut Some("ar-SY".into()), "language", 16).is_ok());
        assert!(tag(&mut Some("ar SY".into()), "language", 16).is_err());
        assert_eq!(camel_case("legal_provision"), "legalProvision");
    }
}
