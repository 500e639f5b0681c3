//! No hidden name in visible text. A person hidden from some readers (a restricted
//! witness, a confidential source's contact) must not be named in text those readers
//! can see: a public trial's description, a public citation's quote, a posting title.
//!
//! A match is a whole name or alias of the person — all its words, in order — found
//! with the search normaliser, so spelling variants that fold together ("al-Khatib",
//! "Al Khatib"), Arabic script and, for longer names, transliteration variants
//! ("Feras"/"Firas", by consonant skeleton when every word keeps two consonants)
//! count, while a common first name alone
//! does not. Names of a single word are not matched: they would stop every mention of
//! a common name. A name that the same reader may see anyway (a public alias spelled the
//! same) exposes nothing. Archived persons are not checked: they are out of the record.
//!
//! Writes are checked in `write::settle` (the text and its record's visibility are
//! final then); `daleel check` scans a whole database with [`NameIndex`].

use std::collections::HashMap;

use entity::name_key;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::ids::{NodeType, encode_id};
use crate::records::on_record_type;
use crate::search::normalize::{skeleton, tokens};
use crate::service::fields::FieldError;
use crate::service::records::{Kind, Text};
use crate::service::visibility::{Level, RecordSet};

/// The longest name, in words, that is looked for.
const MAX_NAME_WORDS: usize = 8;
/// A word whose consonant skeleton is shorter than this ("Ali" → "l") matches too many
/// other words; a sequence with such a word is matched by its spelling only.
const MIN_SKELETON_WORD: usize = 2;

/// Arabic letters written joined to the next word: "and", "so", "with", "for", "like"
/// ("وفراس" is "and Feras").
const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ل', 'ك'];

/// Apostrophes that transliterations write or leave out ("Sa'id", "Said").
const APOSTROPHES: [char; 6] = ['\'', '’', '‘', 'ʿ', 'ʾ', '`'];

/// The word sequences of a text that could be a name: (normalised key, skeleton). Also
/// read with apostrophes left out, and with a joined Arabic conjunction or preposition
/// taken off the first word of a sequence.
fn candidates(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let joined: String = text.chars().filter(|c| !APOSTROPHES.contains(c)).collect();
    for words in [tokens(text), tokens(&joined)] {
        let skeletons: Vec<String> = words.iter().map(|w| skeleton(w)).collect();
        for start in 0..words.len() {
            for len in 2..=MAX_NAME_WORDS {
                let end = start + len;
                if end > words.len() {
                    break;
                }
                let mut sequence: Vec<String> = words[start..end].to_vec();
                push_sequence(&mut out, &sequence, &skeletons[start..end]);
                if let Some(bare) = without_proclitic(&sequence[0]) {
                    sequence[0] = bare;
                    let skeletons: Vec<String> = sequence.iter().map(|w| skeleton(w)).collect();
                    push_sequence(&mut out, &sequence, &skeletons);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Adds a word sequence, with its skeleton when every word keeps enough consonants.
fn push_sequence(out: &mut Vec<(String, Option<String>)>, words: &[String], skeletons: &[String]) {
    let long_enough = skeletons
        .iter()
        .all(|w| w.chars().count() >= MIN_SKELETON_WORD);
    out.push((words.join(" "), long_enough.then(|| skeletons.join(" "))));
}

/// `word` without a joined Arabic conjunction or preposition (normalised again, so that
/// "والخطيب" becomes "خطيب"), when it has one and enough is left to be a name.
fn without_proclitic(word: &str) -> Option<String> {
    let mut chars = word.chars();
    let first = chars.next()?;
    let rest: String = chars.collect();
    if !PROCLITICS.contains(&first) || rest.chars().count() < 3 {
        return None;
    }
    tokens(&rest).into_iter().next()
}

/// One name of a person as the search index stores it.
#[derive(Debug, Clone)]
struct Name {
    person: Uuid,
    key: String,
    skeleton: String,
    level: Level,
}

/// The first person whose name `names` shows in a text read at `reader`: a word sequence
/// that matches one of the person's names, none of which the reader may see.
fn exposed<'a>(
    candidates: &[(String, Option<String>)],
    names: impl Fn(&str, Option<&str>) -> Vec<&'a Name>,
    reader: Level,
    except: Option<Uuid>,
) -> Option<Uuid> {
    for (key, skel) in candidates {
        let found = names(key, skel.as_deref());
        // A person's own record names them: a namesake's name there is theirs too.
        if except.is_some_and(|person| found.iter().any(|n| n.person == person)) {
            continue;
        }
        let mut least: HashMap<Uuid, Level> = HashMap::new();
        for name in found {
            if name.level == Level::Hidden {
                continue;
            }
            let level = least.entry(name.person).or_insert(name.level);
            *level = (*level).min(name.level);
        }
        if let Some((person, _)) = least.into_iter().find(|(_, level)| *level > reader) {
            return Some(person);
        }
    }
    None
}

/// The names of persons, looked up in the database's search index: by spelling, then by
/// skeleton (two statements, each answered from its own index).
async fn lookup<C: ConnectionTrait>(
    db: &C,
    candidates: &[(String, Option<String>)],
    per_statement: usize,
) -> AppResult<Vec<Name>> {
    let mut names = Vec::new();
    for chunk in candidates.chunks(per_statement) {
        let keys: Vec<String> = chunk.iter().map(|(k, _)| k.clone()).collect();
        let skeletons: Vec<String> = chunk.iter().filter_map(|(_, s)| s.clone()).collect();
        for (column, values) in [
            (name_key::Column::Key, keys),
            (name_key::Column::Skeleton, skeletons),
        ] {
            if values.is_empty() {
                continue;
            }
            let rows = name_key::Entity::find()
                .filter(Expr::col(column).is_in(values))
                .filter(Expr::col(name_key::Column::SubjectType).eq(NodeType::Person.table()))
                .filter(Expr::col(name_key::Column::FullMatch).eq(true))
                .all(db)
                .await?;
            names.extend(rows.into_iter().map(|row| Name {
                person: row.subject_id,
                key: row.key,
                skeleton: row.skeleton,
                level: Level::parse(&row.effective_visibility),
            }));
        }
    }
    Ok(names)
}

/// Whether `name` matches the word sequence (`key`, `skeleton`).
fn matches(name: &Name, key: &str, skel: Option<&str>) -> bool {
    name.key == key || skel.is_some_and(|s| name.skeleton == s)
}

/// The message for a text that shows a hidden person's name.
fn refusal(column: &'static str, person: Uuid) -> FieldError {
    FieldError::new(
        column,
        format!(
            "names a person whom some readers of this text may not see (Person {}); restrict this record to their level, or remove the name",
            encode_id(NodeType::Person, person)
        ),
    )
}

/// The first text of a record (read at `level`) that names a person hidden from its
/// readers, with that person, using the database's index.
pub async fn first_exposure<C: ConnectionTrait>(
    db: &C,
    texts: &[Text<'_>],
    level: Level,
    except: Option<Uuid>,
) -> AppResult<Option<(&'static str, Uuid)>> {
    for text in texts {
        let reader = level.max(Level::from(text.floor));
        // Confidential text is read by those who see everything; hidden text by no one.
        if reader >= Level::Confidential {
            continue;
        }
        let candidates = candidates(text.text);
        if candidates.is_empty() {
            continue;
        }
        let names = lookup(db, &candidates, 400).await?;
        let found = exposed(
            &candidates,
            |key, skel| names.iter().filter(|n| matches(n, key, skel)).collect(),
            reader,
            except,
        );
        if let Some(person) = found {
            return Ok(Some((text.column, person)));
        }
    }
    Ok(None)
}

/// Which of `texts`, each read at `reader`, name a person hidden from that reader: one
/// lookup for them all (a record's history shows many past texts at once).
pub async fn naming_hidden<C: ConnectionTrait>(
    db: &C,
    texts: &[&str],
    reader: Level,
) -> AppResult<Vec<bool>> {
    let per_text: Vec<Vec<(String, Option<String>)>> =
        texts.iter().map(|text| candidates(text)).collect();
    let mut all: Vec<(String, Option<String>)> = per_text.iter().flatten().cloned().collect();
    all.sort();
    all.dedup();
    // Many texts' word sequences at once: in as few statements as the databases'
    // limits on parameters allow (SQLite's is 32,766).
    let names = if all.is_empty() {
        Vec::new()
    } else {
        lookup(db, &all, 16_000).await?
    };
    Ok(per_text
        .iter()
        .map(|candidates| {
            let found = |key: &str, skel: Option<&str>| {
                names.iter().filter(|n| matches(n, key, skel)).collect()
            };
            exposed(candidates, found, reader, None).is_some()
        })
        .collect())
}

/// Refuses the write when a record it stored shows the name of a person hidden from the
/// record's readers. The error names the record (for bulk writes) and the field.
pub async fn check_written<C: ConnectionTrait>(db: &C, touched: &RecordSet) -> AppResult<()> {
    // A bulk write checks against every person's names loaded once; a single write asks
    // the index for the few word sequences of its own text.
    let many = touched.values().map(|ids| ids.len()).sum::<usize>() > BULK;
    let index = if many {
        Some(NameIndex::load(db).await?)
    } else {
        None
    };
    for (node, ids) in touched {
        let ids: Vec<Uuid> = ids.iter().copied().collect();
        on_record_type!(*node, E => check_table::<E, C>(db, &ids, index.as_ref()).await?, otherwise => ());
    }
    Ok(())
}

/// Writes touching more records than this are checked with a [`NameIndex`].
const BULK: usize = 32;

async fn check_table<K: Kind, C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
    index: Option<&NameIndex>,
) -> AppResult<()> {
    for chunk in ids.chunks(500) {
        let models = K::find()
            .filter(Expr::col((K::default(), K::id_col())).is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        for model in &models {
            let level = Level::parse(K::effective_of(model));
            let except = self_person::<K>(model);
            let translations = crate::service::translations::of::<K>(model);
            let texts = crate::service::records::visible_texts::<K>(model, &translations);
            let found = match index {
                Some(index) => index.first_exposure(&texts, level, except),
                None => first_exposure(db, &texts, level, except).await?,
            };
            if let Some((column, person)) = found {
                return Err(AppError::Invalid(
                    refusal(column, person).of_record(K::NODE, K::id_of(model)),
                ));
            }
        }
    }
    Ok(())
}

/// The person a record names itself (a person's own texts and aliases may name them).
pub fn self_person<K: Kind>(model: &K::Model) -> Option<Uuid> {
    match K::NODE {
        NodeType::Person => Some(K::id_of(model)),
        NodeType::Alias => serde_json::to_value(model)
            .ok()
            .filter(|v| v.get("subject_type").and_then(|t| t.as_str()) == Some("person"))
            .and_then(|v| v.get("subject_id")?.as_str()?.parse().ok()),
        _ => None,
    }
}

/// Every person's names, held in memory: for scanning a whole database (`daleel check`)
/// or a generated one without a query per text.
#[derive(Default)]
pub struct NameIndex {
    by_key: HashMap<String, Vec<Name>>,
    by_skeleton: HashMap<String, Vec<Name>>,
}

impl NameIndex {
    /// Loads the names of every person from the search index.
    pub async fn load<C: ConnectionTrait>(db: &C) -> AppResult<NameIndex> {
        let mut select = Query::select();
        select
            .columns([
                Alias::new("subject_id"),
                Alias::new("key"),
                Alias::new("skeleton"),
                Alias::new("effective_visibility"),
            ])
            .from(Alias::new(NodeType::NameKey.table()))
            .and_where(Expr::col(Alias::new("subject_type")).eq(NodeType::Person.table()))
            .and_where(Expr::col(Alias::new("full_match")).eq(true));
        let mut index = NameIndex::default();
        for row in db.query_all(&select).await? {
            let level: Option<String> = row.try_get("", "effective_visibility")?;
            index.add(Name {
                person: row.try_get("", "subject_id")?,
                key: row.try_get("", "key")?,
                skeleton: row.try_get("", "skeleton")?,
                level: Level::parse(level.as_deref().unwrap_or("")),
            });
        }
        Ok(index)
    }

    /// Adds `name`, a name of `person` who is visible at `level`.
    pub fn add_name(&mut self, person: Uuid, name: &str, level: Level) {
        for (key, skeleton, full) in crate::service::search::keys_of(name) {
            if full {
                self.add(Name {
                    person,
                    key,
                    skeleton,
                    level,
                });
            }
        }
    }

    fn add(&mut self, name: Name) {
        self.by_skeleton
            .entry(name.skeleton.clone())
            .or_default()
            .push(name.clone());
        self.by_key.entry(name.key.clone()).or_default().push(name);
    }

    /// The first text (read at `level`) that names a person hidden from its readers.
    pub fn first_exposure(
        &self,
        texts: &[Text<'_>],
        level: Level,
        except: Option<Uuid>,
    ) -> Option<(&'static str, Uuid)> {
        texts.iter().find_map(|text| {
            let reader = level.max(Level::from(text.floor));
            if reader >= Level::Confidential {
                return None;
            }
            let candidates = candidates(text.text);
            exposed(
                &candidates,
                |key, skel| {
                    let mut found: Vec<&Name> =
                        self.by_key.get(key).into_iter().flatten().collect();
                    if let Some(skel) = skel {
                        found.extend(self.by_skeleton.get(skel).into_iter().flatten());
                    }
                    found
                },
                reader,
                except,
            )
            .map(|person| (text.column, person))
        })
    }
}

/// A finding of `daleel check`: the record, the field and the person it names.
pub fn describe(node: NodeType, id: Uuid, column: &'static str, person: Uuid) -> String {
    let error = refusal(column, person);
    format!(
        "{} {}: field `{}`: {}",
        node.name(),
        encode_id(node, id),
        error.column,
        error.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_of(names: &[(&str, Level)]) -> (NameIndex, Vec<Uuid>) {
        let mut index = NameIndex::default();
        let mut ids = Vec::new();
        for (i, (name, level)) in names.iter().enumerate() {
            let person = Uuid::from_u128(i as u128 + 1);
            ids.push(person);
            index.add_name(person, name, *level);
        }
        (index, ids)
    }

    fn public_text(text: &str) -> Vec<Text<'_>> {
        Text::all(&[("description", Some(text))])
    }

    #[test]
    fn a_hidden_name_in_any_spelling_or_script_is_found() {
        let (index, ids) = index_of(&[
            ("Feras Fayyad", Level::Restricted),
            ("فراس فياض", Level::Restricted),
        ]);
        for text in [
            "Feras Fayyad testified as the first witness.",
            "FERAS FAYYAD, a survivor",
            "as Firas Fayyad said",
            "شهادة فراس فياض",
            "قال المحامي وفراس فياض",
            "Fe\u{2063}ras Fayyad",
        ] {
            let found = index.first_exposure(&public_text(text), Level::Public, None);
            assert!(found.is_some(), "{text}");
            assert!(ids.contains(&found.unwrap().1));
        }
    }

    #[test]
    fn apostrophes_written_or_left_out_match() {
        let (index, _) = index_of(&[("Said Hassan", Level::Restricted)]);
        let text = public_text("Sa'id Hassan was held there.");
        assert!(index.first_exposure(&text, Level::Public, None).is_some());
        let (index, _) = index_of(&[("Sa'id Hassan", Level::Restricted)]);
        let text = public_text("Sa'id Hassan was held there.");
        assert!(index.first_exposure(&text, Level::Public, None).is_some());
    }

    #[test]
    fn a_first_name_alone_or_a_reader_who_may_see_the_person_is_fine() {
        let (index, _) = index_of(&[("Feras Fayyad", Level::Restricted)]);
        let text = public_text("Feras testified.");
        assert!(index.first_exposure(&text, Level::Public, None).is_none());
        let text = public_text("Feras Fayyad testified.");
        // Analysts may read both the text and the person.
        assert!(
            index
                .first_exposure(&text, Level::Restricted, None)
                .is_none()
        );
        // A person's own record may name them, even when a hidden namesake shares it.
        let (own, ids) = index_of(&[
            ("Feras Fayyad", Level::Public),
            ("Feras Fayyad", Level::Restricted),
        ]);
        assert!(
            own.first_exposure(&text, Level::Public, Some(ids[0]))
                .is_none()
        );
        assert!(own.first_exposure(&text, Level::Public, None).is_some());
    }

    #[test]
    fn a_name_the_reader_may_see_anyway_exposes_nothing() {
        // A public person whose restricted alias is spelled like a public name of theirs.
        let mut both = index_of(&[("Anwar Raslan", Level::Public)]).0;
        let restricted = index_of(&[("Anwar Raslan", Level::Restricted)]).0;
        for names in restricted.by_key.into_values() {
            for mut name in names {
                name.person = Uuid::from_u128(1);
                both.add(name);
            }
        }
        let text = public_text("Anwar Raslan was convicted.");
        assert!(both.first_exposure(&text, Level::Public, None).is_none());
    }

    #[test]
    fn notes_are_read_by_analysts_only() {
        let (index, _) = index_of(&[("Feras Fayyad", Level::Restricted)]);
        let texts = [Text {
            column: "notes",
            text: "Contact: Feras Fayyad",
            floor: crate::service::vocab::Visibility::Restricted,
        }];
        assert!(index.first_exposure(&texts, Level::Public, None).is_none());
    }
}
