//! The GraphQL face of `crate::i18n`: the `Language` argument, date styles, labels.

use async_graphql::{Context, Enum, SimpleObject};

use crate::graphql::context::RequestState;
use crate::graphql::types::TranslationStatus;
use crate::i18n::{self, dates};
use crate::service::records::Kind;
use crate::service::translations;

/// A language daleel writes in. A field's `lang` argument overrides the request's
/// language (`Accept-Language`, else English).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// English.
    En,
    /// Arabic.
    Ar,
}

impl From<Language> for i18n::Language {
    fn from(value: Language) -> Self {
        match value {
            Language::En => i18n::Language::En,
            Language::Ar => i18n::Language::Ar,
        }
    }
}

impl From<i18n::Language> for Language {
    fn from(value: i18n::Language) -> Self {
        match value {
            i18n::Language::En => Language::En,
            i18n::Language::Ar => Language::Ar,
        }
    }
}

/// The language to write a field in: its `lang` argument, else the request's.
pub fn language_of(ctx: &Context<'_>, lang: Option<Language>) -> i18n::Language {
    match lang {
        Some(lang) => lang.into(),
        None => RequestState::of(ctx)
            .map(|state| state.language)
            .unwrap_or_default(),
    }
}

/// Which Arabic month names a date is written with.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArabicMonthNames {
    /// كانون الثاني، شباط، آذار … as in Syria, Lebanon, Jordan, Palestine and Iraq.
    #[default]
    Levantine,
    /// يناير، فبراير، مارس … as in Egypt and the Gulf.
    Gregorian,
}

/// Which digits numbers are written in.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DigitStyle {
    /// 0123456789.
    #[default]
    Latin,
    /// ٠١٢٣٤٥٦٧٨٩.
    ArabicIndic,
}

/// The style a date is written in.
pub fn date_style(
    lang: i18n::Language,
    months: ArabicMonthNames,
    digits: DigitStyle,
) -> dates::DateStyle {
    dates::DateStyle {
        lang,
        months: match months {
            ArabicMonthNames::Levantine => dates::ArabicMonths::Levantine,
            ArabicMonthNames::Gregorian => dates::ArabicMonths::Gregorian,
        },
        digits: match digits {
            DigitStyle::Latin => dates::Digits::Latin,
            DigitStyle::ArabicIndic => dates::Digits::ArabicIndic,
        },
    }
}

/// What a dashboard prints for one coded value.
#[derive(SimpleObject, Debug, Clone)]
pub struct Label {
    /// The list the value is in: a GraphQL enum's name (`FacilityKind`, `RecordType`,
    /// `Language` …), an open list of codes (`PostingRole`, `StatisticMetric`), or
    /// `Country` (ISO 3166-1 alpha-2 codes of the countries the record concerns).
    pub vocabulary: String,
    /// The value as the API writes it: the enum value (`DETENTION_CENTER`), or an open
    /// list's code in capitals (`HEAD_OF_DEPARTMENT`, as `postingCounts` keys it).
    pub value: String,
    /// The words.
    pub label: String,
    /// The language of `label`.
    pub lang: Language,
}

impl Label {
    pub fn from_label(label: i18n::labels::Label, lang: i18n::Language) -> Label {
        Label {
            vocabulary: label.vocabulary.to_owned(),
            value: label.value,
            label: label.text.into_owned(),
            lang: lang.into(),
        }
    }
}

/// A record's text in the asked language (the argument, else the request's): English
/// is the column, another language its translation; a missing one falls back to the
/// other, and `translations` tells the client which it got.
pub fn text_in<K: Kind>(
    ctx: &Context<'_>,
    model: &K::Model,
    column: &str,
    english: Option<&str>,
    lang: Option<Language>,
) -> Option<String> {
    let lang = language_of(ctx, lang);
    if lang == i18n::Language::En
        && let Some(text) = english
    {
        // The common case reads no JSON.
        return Some(text.to_owned());
    }
    translations::of::<K>(model)
        .text_in(column, english, lang)
        .map(|(text, _)| text.to_owned())
}

/// One text of a record in one language.
#[derive(SimpleObject, Debug, Clone)]
pub struct Translation {
    /// The field, as this API names it (`name`, `description`, `publisherName` …).
    pub field: String,
    /// The language of `text`.
    pub lang: Language,
    /// The text.
    pub text: String,
    /// Whether it is the original, or a translation someone has or has not reviewed.
    pub status: TranslationStatus,
    /// Who translated it; null for an original.
    pub translated_by: Option<String>,
}

impl From<translations::Entry> for Translation {
    fn from(entry: translations::Entry) -> Self {
        Translation {
            field: entry.field,
            lang: entry.lang.into(),
            text: entry.text,
            status: entry.status.into(),
            translated_by: entry.translated_by,
        }
    }
}

/// Every text of `model` in every language it has.
pub fn translations_of<K: Kind>(model: &K::Model) -> Vec<Translation> {
    translations::entries::<K>(model)
        .into_iter()
        .map(Translation::from)
        .collect()
}
