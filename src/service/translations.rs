//! A record's texts in other languages. English lives in the record's own columns (what
//! search, sorting, filters and every earlier client read); every other language, and
//! the status of the English where it is itself a translation, lives in the record's
//! `translations` column: one JSON value per (field, language) with its status and who
//! translated it:
//!
//! ```json
//! { "name": { "ar": { "text": "سجن الخطيب", "status": "original" } },
//!   "description": { "ar": { "text": "…", "status": "unreviewed", "translatedBy": "…" } } }
//! ```
//!
//! It is a column of the row, so a language costs no statement: the loaders fetch it with
//! the record. A language is a key, so Kurdish or French need no migration. The door
//! checks it like any field (`check`), and the hidden-name rule reads it (`texts`).

use std::collections::BTreeMap;

use sea_orm::{IdenStatic, Iterable, ModelTrait, Value};
use serde::{Deserialize, Serialize};

use crate::i18n::Language;
use crate::service::fields::{self, FieldError, FieldResult, NAME_MAX, camel_case};
use crate::service::records::Kind;
use crate::service::vocab::TranslationStatus;

/// The column every translatable record keeps its translations in.
pub const COLUMN: &str = "translations";

/// A field of a record type that may be translated: its column and its longest text.
#[derive(Debug, Clone, Copy)]
pub struct Translatable {
    pub column: &'static str,
    pub max: usize,
}

impl Translatable {
    pub const fn new(column: &'static str, max: usize) -> Translatable {
        Translatable { column, max }
    }
}

/// One field's value in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Translation {
    pub text: String,
    /// A `TranslationStatus` code.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated_by: Option<String>,
}

/// A record's translations: field (column) → language code → value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Translations(pub BTreeMap<String, BTreeMap<String, Translation>>);

impl Translations {
    /// Reads a stored value. Stored values were checked on write; one that is not (written
    /// around the door, `daleel check` finds it) reads as none rather than failing a read.
    pub fn read(stored: Option<&str>) -> Translations {
        stored
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    }

    /// The stored form: keys sorted, `None` when there is nothing.
    pub fn stored(&self) -> Option<String> {
        if self.0.values().all(BTreeMap::is_empty) {
            return None;
        }
        serde_json::to_string(self).ok()
    }

    /// The value of `column` in `lang`, if one was given.
    pub fn get(&self, column: &str, lang: Language) -> Option<&Translation> {
        self.0.get(column)?.get(lang.code())
    }

    /// Sets (or, with `None`, removes) the value of `column` in `lang`.
    pub fn set(&mut self, column: &str, lang: Language, value: Option<Translation>) {
        let entry = self.0.entry(column.to_owned()).or_default();
        match value {
            Some(value) => {
                entry.insert(lang.code().to_owned(), value);
            }
            None => {
                entry.remove(lang.code());
            }
        }
        self.0.retain(|_, langs| !langs.is_empty());
    }

    /// The text of a field in `lang`: the asked language's value; else English (the
    /// column); else any language that has one. `english` is the column's value.
    pub fn text_in<'a>(
        &'a self,
        column: &str,
        english: Option<&'a str>,
        lang: Language,
    ) -> Option<(&'a str, Language)> {
        let asked = match lang {
            Language::En => english,
            other => self.get(column, other).map(|t| t.text.as_str()),
        };
        if let Some(text) = asked {
            return Some((text, lang));
        }
        if let Some(text) = english {
            return Some((text, Language::En));
        }
        Language::ALL.iter().find_map(|&other| {
            self.get(column, other)
                .filter(|_| other != Language::En)
                .map(|t| (t.text.as_str(), other))
        })
    }
}

/// One value as readers see it in `translations`: English from the column (original
/// unless an editor said it is a translation), every other language from the JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The field as the API names it (`publisherName`).
    pub field: String,
    pub lang: Language,
    pub text: String,
    pub status: TranslationStatus,
    pub translated_by: Option<String>,
}

/// Every value of `model`'s translatable fields, in every language it has.
pub fn entries<K: Kind>(model: &K::Model) -> Vec<Entry> {
    let translations = of::<K>(model);
    let mut out = Vec::new();
    for field in K::TRANSLATABLE {
        let english = column_text::<K>(model, field.column).filter(|_| K::ENGLISH_COLUMNS);
        let en = translations.get(field.column, Language::En);
        if let Some(text) = english {
            out.push(Entry {
                field: camel_case(field.column),
                lang: Language::En,
                text,
                status: en
                    .and_then(|t| TranslationStatus::parse(&t.status))
                    .unwrap_or(TranslationStatus::Original),
                translated_by: en.and_then(|t| t.translated_by.clone()),
            });
        }
        let others = Language::ALL
            .iter()
            .filter(|l| !K::ENGLISH_COLUMNS || **l != Language::En);
        for &lang in others {
            if let Some(t) = translations.get(field.column, lang) {
                out.push(Entry {
                    field: camel_case(field.column),
                    lang,
                    text: t.text.clone(),
                    status: TranslationStatus::parse(&t.status)
                        .unwrap_or(TranslationStatus::Unreviewed),
                    translated_by: t.translated_by.clone(),
                });
            }
        }
    }
    out
}

/// The translations `model` holds (none for a type without translatable fields).
pub fn of<K: Kind>(model: &K::Model) -> Translations {
    if K::TRANSLATABLE.is_empty() {
        return Translations::default();
    }
    Translations::read(column_text::<K>(model, COLUMN).as_deref())
}

/// The translations `model` holds, for a write that changes them: a stored value that
/// cannot be read is an error to fix (`daleel check` names it), not an empty one to
/// write over.
pub fn of_for_write<K: Kind>(model: &K::Model) -> FieldResult<Translations> {
    match column_text::<K>(model, COLUMN).filter(|s| !s.trim().is_empty()) {
        None => Ok(Translations::default()),
        Some(stored) => serde_json::from_str(&stored).map_err(|e| {
            FieldError::new(
                COLUMN,
                format!(
                    "the stored translations cannot be read ({e}); an admin must repair them first"
                ),
            )
        }),
    }
}

/// Writes `translations` into `model`'s column.
pub fn put<K: Kind>(model: &mut K::Model, translations: &Translations) -> FieldResult {
    let Some(column) = column_of::<K>(COLUMN) else {
        return Err(FieldError::new(
            COLUMN,
            format!("a {} has no text that can be translated", K::NODE.name()),
        ));
    };
    model
        .try_set(column, Value::String(translations.stored()))
        .map_err(|_| FieldError::new(COLUMN, "could not be stored"))
}

/// Sets the column of a translatable field (its English text); `None` clears it, which
/// a required field refuses.
pub fn set_column<K: Kind>(
    model: &mut K::Model,
    column: &'static str,
    text: Option<String>,
) -> FieldResult {
    let Some(col) = column_of::<K>(column) else {
        return Err(FieldError::new(column, "is not a field of this record"));
    };
    model.try_set(col, Value::String(text)).map_err(|_| {
        FieldError::new(
            column,
            "is required: give its English text, or set the other language instead",
        )
    })
}

/// The translatable field named `field` in the API (`publisherName`) or as a column.
pub fn field_of<K: Kind>(field: &str) -> FieldResult<&'static Translatable> {
    K::TRANSLATABLE
        .iter()
        .find(|t| t.column == field || camel_case(t.column) == field)
        .ok_or_else(|| {
            let known: Vec<String> = K::TRANSLATABLE
                .iter()
                .map(|t| camel_case(t.column))
                .collect();
            FieldError::new(
                COLUMN,
                if known.is_empty() {
                    format!("a {} has no text that can be translated", K::NODE.name())
                } else {
                    format!(
                        "a {}'s `{field}` cannot be translated; these can: {}",
                        K::NODE.name(),
                        known.join(", ")
                    )
                },
            )
        })
}

/// Every rule for a record's translations, bringing them to their canonical form: known
/// fields and languages, each text checked like the field it translates, a known status,
/// a translator for anything not original, and English entries that only say the
/// status of the column's text (their text is the column's, kept in step here).
pub fn check<K: Kind>(model: &mut K::Model) -> FieldResult {
    if K::TRANSLATABLE.is_empty() {
        return Ok(());
    }
    let stored = column_text::<K>(model, COLUMN);
    let Some(stored) = stored.filter(|s| !s.trim().is_empty()) else {
        return put::<K>(model, &Translations::default());
    };
    let parsed: Translations = serde_json::from_str(&stored).map_err(|e| {
        FieldError::new(
            COLUMN,
            format!("must be {{ field: {{ language: {{ text, status, translatedBy }} }} }}: {e}"),
        )
    })?;
    let mut canonical = Translations::default();
    for (field, langs) in parsed.0 {
        let translatable = field_of::<K>(&field)?;
        for (code, mut value) in langs {
            let lang = Language::ALL
                .iter()
                .copied()
                .find(|l| l.code() == code)
                .ok_or_else(|| {
                    FieldError::new(
                        COLUMN,
                        format!("`{code}` is not a language daleel holds; use en or ar"),
                    )
                })?;
            let at = |e: FieldError| {
                FieldError::new(
                    COLUMN,
                    format!(
                        "the {} {}: {}",
                        lang.code(),
                        camel_case(translatable.column),
                        e.message
                    ),
                )
            };
            if lang == Language::En && K::ENGLISH_COLUMNS {
                // The English text is the column's; the entry only says its status, and
                // only while the column holds the text it was given for: an editor who
                // rewrites the English has written an original.
                match column_text::<K>(model, translatable.column) {
                    Some(text) if text.trim() == value.text.trim() => value.text = text,
                    _ => continue,
                }
            }
            fields::text(&mut value.text, translatable.column, translatable.max).map_err(at)?;
            check_status(&mut value).map_err(at)?;
            canonical
                .0
                .entry(translatable.column.to_owned())
                .or_default()
                .insert(lang.code().to_owned(), value);
        }
    }
    // An English entry that says "original" says nothing the column does not.
    for langs in canonical.0.values_mut().filter(|_| K::ENGLISH_COLUMNS) {
        if langs.get(Language::En.code()).is_some_and(|t| {
            t.status == TranslationStatus::Original.as_db() && t.translated_by.is_none()
        }) {
            langs.remove(Language::En.code());
        }
    }
    canonical.0.retain(|_, langs| !langs.is_empty());
    put::<K>(model, &canonical)
}

/// A known status, and who translated anything that is not the original.
fn check_status(value: &mut Translation) -> FieldResult {
    let status = TranslationStatus::parse(&value.status).ok_or_else(|| {
        FieldError::new(
            "status",
            format!(
                "`{}` is not a translation status; use one of {}",
                value.status,
                TranslationStatus::accepted()
            ),
        )
    })?;
    fields::opt_text(&mut value.translated_by, "translated_by", NAME_MAX)?;
    if status != TranslationStatus::Original && value.translated_by.is_none() {
        return Err(FieldError::new(
            "translated_by",
            "say who translated it (`translatedBy`), for a value that is not the original",
        ));
    }
    Ok(())
}

/// The text of the column named `name`, if the type has it and it is set.
pub fn column_text<K: Kind>(model: &K::Model, name: &str) -> Option<String> {
    match model.get(column_of::<K>(name)?) {
        Value::String(Some(text)) => Some(text.to_string()),
        _ => None,
    }
}

fn column_of<K: Kind>(name: &str) -> Option<K::Column> {
    K::Column::iter().find(|c| c.as_str() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Translation {
        Translation {
            text: text.into(),
            status: "unreviewed".into(),
            translated_by: Some("test".into()),
        }
    }

    #[test]
    fn a_missing_language_falls_back_to_english_then_to_any() {
        let mut t = Translations::default();
        t.set("name", Language::Ar, Some(value("سجن الخطيب")));
        assert_eq!(
            t.text_in("name", Some("Al-Khatib prison"), Language::Ar),
            Some(("سجن الخطيب", Language::Ar))
        );
        assert_eq!(
            t.text_in("description", Some("A prison"), Language::Ar),
            Some(("A prison", Language::En))
        );
        t.set("description", Language::Ar, Some(value("سجن")));
        assert_eq!(
            t.text_in("description", None, Language::En),
            Some(("سجن", Language::Ar))
        );
        assert_eq!(t.text_in("notes", None, Language::Ar), None);
    }

    #[test]
    fn the_stored_form_is_sorted_and_empty_is_none() {
        let mut t = Translations::default();
        assert_eq!(t.stored(), None);
        t.set("name", Language::Ar, Some(value("ب")));
        t.set("description", Language::Ar, Some(value("أ")));
        let stored = t.stored().unwrap();
        assert!(stored.starts_with(r#"{"description":"#), "{stored}");
        assert_eq!(Translations::read(Some(&stored)), t);
        t.set("name", Language::Ar, None);
        t.set("description", Language::Ar, None);
        assert_eq!(t.stored(), None);
    }
}
