//! The full-text index: every word of every text a reader may see, in every language a
//! record holds, one `text_token` row each (`src/search/text.rs` says how words are
//! folded and matched).
//!
//! It is derived data, kept in step by the domain layer: `write::settle` rebuilds the rows
//! of every record a write touched or whose level it changed, in the write's transaction,
//! so imports and the seed (which go through `bulk`, hence `settle`) index as they write;
//! `daleel generate` writes the same rows with [`rows_of`]; a database from before the
//! index gets it built at start-up ([`build_if_missing`]).
//!
//! A row carries the level its readers are filtered by: the record's effective level,
//! made stricter by the field's own (a person's notes are for analysts and above).
//! Nothing is stored for what no one may read (a hidden record, an archived one).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use entity::{alias, citation, text_token};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Value,
};
use uuid::Uuid;

use crate::error::AppResult;
use crate::i18n::Language;
use crate::ids::NodeType;
use crate::search::text::words;
use crate::service::records::Kind;
use crate::service::translations::{self, Translations};
use crate::service::visibility::{Level, RecordSet};

/// The field an alias's words are stored under, on its subject.
pub const ALIAS_FIELD: &str = "alias";

/// The date columns that bound each dated record (a facility: opened to closed).
const DATE_SPANS: [(NodeType, &str, &str); 10] = [
    (NodeType::Source, "published_earliest", "published_latest"),
    (NodeType::Facility, "opened_earliest", "closed_latest"),
    (
        NodeType::FacilityOperation,
        "period_earliest",
        "period_latest",
    ),
    (NodeType::Posting, "period_earliest", "period_latest"),
    (NodeType::Trial, "period_earliest", "period_latest"),
    (NodeType::Verdict, "date_earliest", "date_latest"),
    (NodeType::Statistic, "period_earliest", "period_latest"),
    (NodeType::Event, "date_earliest", "date_latest"),
    (NodeType::Sanction, "listed_earliest", "listed_latest"),
    (NodeType::Testimony, "given_earliest", "given_latest"),
];

/// The label of a code in a language.
type LabelOf = fn(&str, Language) -> std::borrow::Cow<'static, str>;

/// Coded fields whose labels are searchable in both languages: a statistic's metric
/// ("detainees" / "معتقلون"), a posting's role.
const LABELLED: [(NodeType, &str, LabelOf); 2] = [
    (NodeType::Statistic, "metric", crate::i18n::labels::metric),
    (NodeType::Posting, "role", crate::i18n::labels::posting_role),
];

/// Figures searchable as words (`27` finds the statistic of 27 detainees), under `value`.
const FIGURES: [(NodeType, &str); 2] = [
    (NodeType::Statistic, "value_min"),
    (NodeType::Statistic, "value_max"),
];

/// Fields not worth searching: identifiers, not prose.
const SKIPPED: [&str; 1] = ["slug"];

/// How much a match in `field` of a `node` counts; how the word matched and where in
/// the text add to it (`text_search`). A name counts most, then titles, then prose; a
/// record found by its own text comes before a citation quoting a source about it, which
/// comes before a stray word in a short field.
pub fn weight(node: NodeType, field: &str) -> i32 {
    let field_weight = match field {
        "name" => 40,
        ALIAS_FIELD => 35,
        "title" | "crime" | "abbreviation" | "authority_name" | "program" | "metric" | "value" => {
            30
        }
        "description" | "summary" | "notes" => 20,
        "quote" => 15,
        _ => 10,
    };
    let type_weight = if node.is_named() {
        3
    } else if node == NodeType::Citation {
        0
    } else {
        1
    };
    field_weight + type_weight
}

/// The language of a text that does not say: Arabic when written in Arabic letters.
pub fn script_language(text: &str) -> &'static str {
    let arabic = text
        .chars()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        .count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if arabic * 2 > letters {
        Language::Ar.code()
    } else {
        Language::En.code()
    }
}

/// One text of a record to index.
struct Indexed<'a> {
    field: &'static str,
    lang: String,
    text: std::borrow::Cow<'a, str>,
    level: Level,
}

/// Where a record's texts go in the index: the record holding them, the record a match
/// finds, and the texts.
struct Texts<'a> {
    holder: Uuid,
    subject_type: String,
    subject_id: Uuid,
    texts: Vec<Indexed<'a>>,
}

/// The texts of one stored record (with its effective level set) that someone may read.
/// `quote_lang` is the language of a citation's quote (its source's), when known.
fn texts_of<'a, K: Kind>(model: &'a K::Model, quote_lang: Option<&str>) -> Option<Texts<'a>> {
    let level = Level::parse(K::effective_of(model));
    if level == Level::Hidden {
        return None;
    }
    let holder = K::id_of(model);
    let (subject_type, subject_id) = if K::NODE == NodeType::Alias {
        match (
            crate::service::records::column_value::<K>(model, "subject_type"),
            crate::service::records::column_value::<K>(model, "subject_id"),
        ) {
            (Some(Value::String(Some(t))), Some(Value::Uuid(Some(id)))) => (t, id),
            _ => return None,
        }
    } else {
        (K::NODE.table().to_owned(), holder)
    };
    let mut texts: Vec<Indexed<'_>> = Vec::new();
    let columns = K::texts(model);
    for text in &columns {
        if SKIPPED.contains(&text.column) {
            continue;
        }
        let lang = if K::NODE == NodeType::Alias {
            match crate::service::records::column_value::<K>(model, "language") {
                Some(Value::String(Some(lang))) => lang,
                _ => script_language(text.text).to_owned(),
            }
        } else if K::ENGLISH_COLUMNS {
            Language::En.code().to_owned()
        } else {
            quote_lang.map_or_else(|| script_language(text.text).to_owned(), str::to_owned)
        };
        texts.push(Indexed {
            field: if K::NODE == NodeType::Alias {
                ALIAS_FIELD
            } else {
                text.column
            },
            lang,
            text: text.text.into(),
            level: level.max(Level::from(text.floor)),
        });
    }
    let stored: Translations = translations::of::<K>(model);
    for (field, langs) in &stored.0 {
        let Some(column) = K::TRANSLATABLE.iter().find(|t| t.column == field) else {
            continue;
        };
        let floor = columns
            .iter()
            .find(|t| t.column == column.column)
            .map_or(Level::Public, |t| Level::from(t.floor));
        for (lang, value) in langs {
            // An English translation of an English column is the column itself.
            let shown_already = K::ENGLISH_COLUMNS && lang == Language::En.code();
            if !shown_already {
                texts.push(Indexed {
                    field: column.column,
                    lang: lang.clone(),
                    text: value.text.clone().into(),
                    level: level.max(floor),
                });
            }
        }
    }
    for (node, column, label) in LABELLED {
        if node != K::NODE {
            continue;
        }
        if let Some(Value::String(Some(code))) =
            crate::service::records::column_value::<K>(model, column)
        {
            for lang in [Language::En, Language::Ar] {
                texts.push(Indexed {
                    field: column,
                    lang: lang.code().to_owned(),
                    text: label(&code, lang).into_owned().into(),
                    level,
                });
            }
        }
    }
    let figures: Vec<String> = FIGURES
        .iter()
        .filter(|(node, _)| *node == K::NODE)
        .filter_map(
            |(_, column)| match crate::service::records::column_value::<K>(model, column) {
                Some(Value::BigInt(Some(n))) => Some(n.to_string()),
                _ => None,
            },
        )
        .collect();
    if !figures.is_empty() {
        for lang in [Language::En, Language::Ar] {
            texts.push(Indexed {
                field: "value",
                lang: lang.code().to_owned(),
                text: figures.join(" ").into(),
                level,
            });
        }
    }
    texts.retain(|t| t.level != Level::Hidden);
    Some(Texts {
        holder,
        subject_type,
        subject_id,
        texts,
    })
}

/// The index rows of one stored record (with its effective level set). `quote_lang` is
/// the language of a citation's quote (its source's), when known.
pub fn rows_of<K: Kind>(model: &K::Model, quote_lang: Option<&str>) -> Vec<text_token::Model> {
    let Some(Texts {
        holder,
        subject_type,
        subject_id,
        texts,
    }) = texts_of::<K>(model, quote_lang)
    else {
        return Vec::new();
    };
    let (earliest, latest) = dates_of::<K>(model);
    let subject_node = NodeType::from_table(&subject_type).unwrap_or(K::NODE);
    let mut rows = Vec::new();
    // Two texts may share a field and language (an alias per language is one field):
    // positions continue so that every row keeps its own key.
    let mut next_position: HashMap<(&'static str, String), i32> = HashMap::new();
    for text in texts {
        let start = next_position
            .entry((text.field, text.lang.clone()))
            .or_insert(0);
        let first = *start;
        let found = words(&text.text);
        // A gap after each text, so that a phrase never runs from one into the next.
        *start += i32::try_from(found.len()).unwrap_or(i32::MAX - 1) + 1;
        for (i, word) in found.into_iter().enumerate() {
            let skeleton: String = crate::search::normalize::skeleton(&word.token)
                .chars()
                .take(crate::search::text::MAX_WORD)
                .collect();
            rows.push(text_token::Model {
                holder_id: holder,
                field: text.field.to_owned(),
                lang: text.lang.clone(),
                position: first.saturating_add(i32::try_from(i).unwrap_or(i32::MAX)),
                subject_type: subject_type.clone(),
                subject_id,
                token: word.token,
                skeleton,
                weight: weight(subject_node, text.field),
                effective_visibility: text.level.as_db().to_owned(),
                date_earliest: earliest,
                date_latest: latest,
            });
        }
    }
    rows
}

/// The date bounds of a dated record.
fn dates_of<K: Kind>(model: &K::Model) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let Some((_, from, to)) = DATE_SPANS.iter().find(|(node, _, _)| *node == K::NODE) else {
        return (None, None);
    };
    let date = |column: &str| match crate::service::records::column_value::<K>(model, column) {
        Some(Value::ChronoDate(Some(date))) => Some(date),
        _ => None,
    };
    (date(from), date(to))
}

/// Rebuilds the rows of `records` (and of the subjects of aliases among them) from what
/// is stored now. Call it in the transaction of the write.
pub async fn reindex<C: ConnectionTrait>(db: &C, records: &RecordSet) -> AppResult<()> {
    let mut subjects: BTreeMap<NodeType, BTreeSet<Uuid>> = BTreeMap::new();
    for (node, ids) in records {
        match node {
            NodeType::EventLink => {}
            NodeType::Alias => {
                let ids: Vec<Uuid> = ids.iter().copied().collect();
                for chunk in ids.chunks(CHUNK) {
                    for a in alias::Entity::find()
                        .filter(alias::Column::Id.is_in(chunk.iter().copied()))
                        .all(db)
                        .await?
                    {
                        if let Some(subject) = NodeType::from_table(&a.subject_type) {
                            subjects.entry(subject).or_default().insert(a.subject_id);
                        }
                    }
                }
            }
            NodeType::Source => {
                subjects
                    .entry(NodeType::Source)
                    .or_default()
                    .extend(ids.iter().copied());
                // A quote is indexed in its source's language: a source whose language
                // changed takes its citations' rows with it.
                let ids: Vec<Uuid> = ids.iter().copied().collect();
                for chunk in ids.chunks(CHUNK) {
                    let quoting = citation::Entity::find()
                        .select_only()
                        .column(citation::Column::Id)
                        .filter(citation::Column::SourceId.is_in(chunk.iter().copied()))
                        .into_tuple::<Uuid>()
                        .all(db)
                        .await?;
                    subjects
                        .entry(NodeType::Citation)
                        .or_default()
                        .extend(quoting);
                }
            }
            node => subjects
                .entry(*node)
                .or_default()
                .extend(ids.iter().copied()),
        }
    }
    for (node, ids) in subjects {
        let ids: Vec<Uuid> = ids.into_iter().collect();
        for chunk in ids.chunks(CHUNK) {
            text_token::Entity::delete_many()
                .filter(text_token::Column::SubjectId.is_in(chunk.iter().copied()))
                .exec(db)
                .await?;
            let rows = crate::records::on_record_type!(node,
                E => rows_of_stored::<E, C>(db, chunk).await?,
                otherwise => Vec::new());
            insert(db, rows).await?;
        }
    }
    Ok(())
}

/// Records rebuilt at once.
const CHUNK: usize = 500;

/// The rows of the stored records `ids` of `K`, their aliases' included.
async fn rows_of_stored<K: Kind, C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> AppResult<Vec<text_token::Model>> {
    let (models, quote_langs) = stored::<K, C>(db, ids).await?;
    let mut rows = Vec::new();
    let mut dates = HashMap::new();
    for model in &models {
        let id = K::id_of(model);
        dates.insert(id, dates_of::<K>(model));
        rows.extend(rows_of::<K>(
            model,
            quote_langs.get(&id).map(String::as_str),
        ));
    }
    if K::NODE.is_named() {
        for a in alias::Entity::find()
            .filter(alias::Column::SubjectId.is_in(ids.iter().copied()))
            .all(db)
            .await?
        {
            // An alias is found by the subject's dates.
            let (earliest, latest) = dates.get(&a.subject_id).copied().unwrap_or_default();
            rows.extend(
                rows_of::<alias::Entity>(&a, None)
                    .into_iter()
                    .map(|mut row| {
                        row.date_earliest = earliest;
                        row.date_latest = latest;
                        row
                    }),
            );
        }
    }
    Ok(rows)
}

/// The stored texts of `holders` (records, or aliases), by (holder, field, language):
/// what a hit's snippet is cut from.
pub async fn stored_texts<C: ConnectionTrait>(
    db: &C,
    holders: &[(NodeType, Uuid)],
) -> AppResult<HashMap<(Uuid, String, String), String>> {
    let mut by_type: BTreeMap<NodeType, Vec<Uuid>> = BTreeMap::new();
    for (node, id) in holders {
        by_type.entry(*node).or_default().push(*id);
    }
    let mut out = HashMap::new();
    for (node, ids) in by_type {
        crate::records::on_record_type!(node,
            E => texts_into::<E, C>(db, &ids, &mut out).await?,
            otherwise => ());
    }
    Ok(out)
}

async fn texts_into<K: Kind, C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
    out: &mut HashMap<(Uuid, String, String), String>,
) -> AppResult<()> {
    let (models, quote_langs) = stored::<K, C>(db, ids).await?;
    for model in &models {
        let lang = quote_langs.get(&K::id_of(model)).map(String::as_str);
        if let Some(found) = texts_of::<K>(model, lang) {
            for text in found.texts {
                // Texts sharing a field and language are joined as they are indexed.
                out.entry((found.holder, text.field.to_owned(), text.lang))
                    .and_modify(|t: &mut String| {
                        t.push_str(" · ");
                        t.push_str(&text.text);
                    })
                    .or_insert_with(|| text.text.into_owned());
            }
        }
    }
    Ok(())
}

/// The stored records `ids` of `K`, with (for citations) the language of each quote.
async fn stored<K: Kind, C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> AppResult<(Vec<K::Model>, HashMap<Uuid, String>)> {
    let models = K::find()
        .filter(Expr::col((K::default(), K::id_col())).is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let quote_langs = if K::NODE == NodeType::Citation {
        quote_languages(db, ids).await?
    } else {
        HashMap::new()
    };
    Ok((models, quote_langs))
}

/// The language of each citation's source, which its quote is in.
async fn quote_languages<C: ConnectionTrait>(
    db: &C,
    citations: &[Uuid],
) -> AppResult<HashMap<Uuid, String>> {
    let mut select = Query::select();
    select
        .column((Alias::new("citation"), Alias::new("id")))
        .column((Alias::new("source"), Alias::new("language")))
        .from(Alias::new("citation"))
        .inner_join(
            Alias::new("source"),
            Expr::col((Alias::new("source"), Alias::new("id")))
                .equals((Alias::new("citation"), Alias::new("source_id"))),
        )
        .and_where(
            Expr::col((Alias::new("citation"), Alias::new("id"))).is_in(citations.iter().copied()),
        );
    let mut out = HashMap::new();
    for row in db.query_all(&select).await? {
        let language: Option<String> = row.try_get("", "language")?;
        if let Some(language) = language {
            out.insert(row.try_get("", "id")?, language);
        }
    }
    Ok(out)
}

async fn insert<C: ConnectionTrait>(db: &C, rows: Vec<text_token::Model>) -> AppResult<()> {
    // 13 columns a row: 400 rows stay far under every backend's bind limit.
    let rows: Vec<text_token::ActiveModel> = rows
        .into_iter()
        .map(IntoActiveModel::into_active_model)
        .collect();
    for chunk in rows.chunks(400) {
        text_token::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Rebuilds the whole index from the records.
pub async fn reindex_all<C: ConnectionTrait>(db: &C) -> AppResult<()> {
    for &node in NodeType::RECORDS {
        if matches!(node, NodeType::EventLink | NodeType::Alias) {
            continue;
        }
        let mut select = Query::select();
        select
            .column(Alias::new("id"))
            .from(Alias::new(node.table()));
        let ids = db
            .query_all(&select)
            .await?
            .iter()
            .map(|row| row.try_get::<Uuid>("", "id"))
            .collect::<Result<BTreeSet<_>, _>>()?;
        let mut set = RecordSet::new();
        set.insert(node, ids);
        reindex(db, &set).await?;
    }
    Ok(())
}

/// Builds the index of a database that has records but no index yet (one from before
/// the index existed). Returns whether it did.
pub async fn build_if_missing<C: ConnectionTrait>(db: &C) -> AppResult<bool> {
    let any = |table: &'static str| {
        let mut select = Query::select();
        select.expr(Expr::val(1)).from(Alias::new(table)).limit(1);
        select
    };
    if db.query_one(&any("text_token")).await?.is_some() {
        return Ok(false);
    }
    for node in [NodeType::Source, NodeType::Facility, NodeType::Person] {
        if db.query_one(&any(node.table())).await?.is_some() {
            reindex_all(db).await?;
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_language_reads_the_letters() {
        assert_eq!(script_language("سجن صيدنايا"), "ar");
        assert_eq!(script_language("Saydnaya (صيدنايا)"), "en");
        assert_eq!(script_language("1234"), "en");
    }
}
