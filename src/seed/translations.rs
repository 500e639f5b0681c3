//! The built-in records' texts in Arabic (`translations.json`): names as the dataset's
//! alias list gives them (`original`) and translations made for the project
//! (`unreviewed`, with `translatedBy` saying so). Each value lands in its record's
//! `translations` column, through the same door as every other value of the dataset.

use std::collections::BTreeMap;

use serde::Deserialize;
use uuid::Uuid;

use crate::i18n::Language;
use crate::service::fields::snake_case;
use crate::service::translations::{Translation, Translations};

use super::records::seed_id;

/// The file, compiled into the binary.
const TRANSLATIONS_JSON: &str = include_str!("translations.json");

#[derive(Deserialize)]
struct File {
    values: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Value {
    collection: String,
    key: String,
    /// The field as the dataset names it (`publisherName`).
    field: String,
    lang: String,
    text: String,
    status: String,
    translated_by: Option<String>,
}

/// The section of a dataset collection, as record ids are made from it.
fn section(collection: &str) -> Option<&'static str> {
    Some(match collection {
        "organizations" => "organization",
        "sources" => "source",
        "agencies" => "agency",
        "branches" => "branch",
        "facilities" => "facility",
        "facilityOperations" => "facility_operation",
        "persons" => "person",
        "postings" => "posting",
        "trials" => "trial",
        "verdicts" => "verdict",
        "charges" => "charge",
        "statistics" => "statistic",
        "events" => "event",
        "sanctions" => "sanction",
        "testimonies" => "testimony",
        _ => return None,
    })
}

/// Every built-in record's translations, by record id. The door checks each value (a
/// field the type cannot translate, a bad status, a hidden name) when they are stored.
pub fn by_record() -> Result<BTreeMap<Uuid, Translations>, String> {
    let file: File =
        serde_json::from_str(TRANSLATIONS_JSON).map_err(|e| format!("translations.json: {e}"))?;
    let mut out: BTreeMap<Uuid, Translations> = BTreeMap::new();
    for v in file.values {
        let section = section(&v.collection)
            .ok_or_else(|| format!("translations.json: unknown collection `{}`", v.collection))?;
        let lang = Language::from_tag(&v.lang)
            .filter(|l| l.code() == v.lang)
            .ok_or_else(|| format!("translations.json: unknown language `{}`", v.lang))?;
        out.entry(seed_id(section, &v.key)).or_default().set(
            &snake_case(&v.field),
            lang,
            Some(Translation {
                text: v.text,
                status: v.status,
                translated_by: v.translated_by,
            }),
        );
    }
    Ok(out)
}
