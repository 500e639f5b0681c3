//! Scalars and small value types shared by many records.

use async_graphql::{
    ComplexObject, Context, InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject,
    Value,
};
use chrono::{NaiveDate, SecondsFormat, Utc};

use crate::edtf::Edtf;
use crate::graphql::types::{ArabicMonthNames, DigitStyle, Language, date_style, language_of};
use crate::i18n::dates;

/// A calendar date, `YYYY-MM-DD` (ISO 8601).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// A calendar date, `YYYY-MM-DD` (ISO 8601).
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| {
                    InputValueError::custom(format!("`{s}` is not a date; write it as YYYY-MM-DD"))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// An instant in UTC, RFC 3339 (e.g. `2026-11-25T15:24:31Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub chrono::DateTime<Utc>);

/// An instant in UTC, RFC 3339, to the microsecond as stored (e.g.
/// `2026-11-25T15:24:31.482913Z`): a version's `at` given back as `asOf` names that
/// version, however many writes fell in the same second.
#[Scalar(name = "DateTime")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map(|t| DateTime(t.with_timezone(&Utc)))
                .map_err(|_| {
                    InputValueError::custom(format!("`{s}` is not an RFC 3339 date-time"))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::Micros, true))
    }
}

/// A date as loosely as the source gives it: the EDTF (ISO 8601-2) text, the earliest
/// and latest days it can mean, and its qualifiers. Filters use the bounds.
#[derive(SimpleObject, Debug, Clone)]
#[graphql(complex)]
pub struct FuzzyDate {
    /// The date in EDTF, e.g. `2022-01-13`, `2019-01~` (about January 2019), `2011/2012`.
    pub edtf: String,
    /// The first day the date can mean; null when open or unknown at the start.
    pub earliest: Option<Date>,
    /// The last day the date can mean; null when open or unknown at the end.
    pub latest: Option<Date>,
    /// Whether the source gives the date as approximate (`~` or `%`).
    pub approximate: bool,
    /// Whether the source is unsure of the date (`?` or `%`).
    pub uncertain: bool,
    /// Whether this is a period (`start/end`) rather than a single date.
    pub interval: bool,
}

impl FuzzyDate {
    /// The API view of a stored EDTF column and its two bound columns.
    pub fn from_columns(
        edtf: &Option<String>,
        earliest: Option<NaiveDate>,
        latest: Option<NaiveDate>,
    ) -> Option<FuzzyDate> {
        let text = edtf.as_ref()?;
        // Stored values were validated on write; flags default to false if one was not.
        let parsed = Edtf::parse(text).ok();
        Some(FuzzyDate {
            edtf: text.clone(),
            earliest: earliest.map(Date),
            latest: latest.map(Date),
            approximate: parsed.as_ref().is_some_and(Edtf::approximate),
            uncertain: parsed.as_ref().is_some_and(Edtf::uncertain),
            interval: parsed.as_ref().is_some_and(Edtf::is_interval),
        })
    }
}

#[ComplexObject]
impl FuzzyDate {
    /// The date as people write it: `2011-01/2012-09` reads "January 2011 – September
    /// 2012" or "كانون الثاني 2011 – أيلول 2012", `2019~` "about 2019" or "حوالي 2019".
    /// It says no more than the EDTF does: an unspecified month reads as the year alone.
    async fn display(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language; without it, the request's (`Accept-Language`).")]
        lang: Option<Language>,
        #[graphql(
            desc = "The Arabic month names: Levantine (كانون الثاني) or Egyptian and Gulf (يناير).",
            default
        )]
        arabic_months: ArabicMonthNames,
        #[graphql(desc = "Latin (2011) or Arabic-Indic (٢٠١١) digits.", default)]
        digits: DigitStyle,
    ) -> String {
        let style = date_style(language_of(ctx, lang), arabic_months, digits);
        match Edtf::parse(&self.edtf) {
            Ok(date) => dates::display(&date, style),
            // Stored values are validated on write (`daleel check` finds one that is
            // not): show the text as it is rather than fail the whole answer.
            Err(_) => self.edtf.clone(),
        }
    }
}

/// `at`, an EDTF date a client asks about, parsed; a clear error naming the argument
/// otherwise.
pub fn date_argument(at: &str) -> async_graphql::Result<crate::edtf::Edtf> {
    Edtf::parse(at).map_err(|e| crate::error::AppError::bad_input(format!("`at`: {e}")).into())
}

/// A record with a period whose four bounds it stores (postings, facility operations).
pub trait Period {
    /// Its bounds, or `None` when it has no period.
    fn bounds(&self) -> Option<crate::period::Bounds>;

    /// How certainly it was active at `at`; `None` when not, or undated.
    fn certainty_at(&self, at: &Edtf) -> Option<crate::graphql::types::Certainty> {
        self.bounds()
            .and_then(|bounds| crate::period::active_at(&bounds, at))
            .map(Into::into)
    }
}

macro_rules! stored_period {
    ($($model:ty),*) => {$(
        impl Period for $model {
            fn bounds(&self) -> Option<crate::period::Bounds> {
                self.period.as_ref()?;
                Some(crate::period::Bounds {
                    earliest: self.period_earliest,
                    latest: self.period_latest,
                    start_latest: self.period_start_latest,
                    end_earliest: self.period_end_earliest,
                })
            }
        }
    )*};
}

stored_period!(entity::posting::Model, entity::facility_operation::Model);

/// Whether `record`'s period was active at `at`, and how certainly; null when it was
/// not, or has no period.
pub fn active_at(
    record: &impl Period,
    at: &str,
) -> async_graphql::Result<Option<crate::graphql::types::Certainty>> {
    Ok(record.certainty_at(&date_argument(at)?))
}
