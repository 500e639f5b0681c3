//! The records themselves, made in foreign-key order and streamed into the sink.

use chrono::{DateTime, Utc};
use entity::*;
use sea_orm::DbErr;
use uuid::Uuid;

use super::names;
use super::rng::{Rng, Zipf};
use super::shape::{Fuzzy, Shape, fuzzy};
use super::sink::Sink;
use std::collections::HashMap;

use sea_orm::{EntityTrait, ModelTrait};

use crate::service::exposure::{self, NameIndex};
use crate::service::records::person as person_rules;
use crate::service::records::{Kind, Record, references_of};
use crate::service::search::{keys_of, shown_name};
use crate::service::visibility::{Level, effective};

/// Generated ids are UUID v5 in their own namespace, of (seed, section, index).
const NAMESPACE: Uuid = Uuid::from_u128(0x6b1f_3f52_8d0e_4a8e_9c57_daee_2000_0001);

const AGENCIES: [(&str, &str, &str); 6] = [
    ("General Intelligence Directorate", "GID", "intelligence"),
    ("Air Force Intelligence Directorate", "AFID", "intelligence"),
    ("Military Intelligence Directorate", "MID", "intelligence"),
    ("Political Security Directorate", "PSD", "intelligence"),
    ("Military Police", "MP", "military"),
    ("Ministry of Interior", "MOI", "ministry"),
];
const CITIES: [(&str, f64, f64); 8] = [
    ("Damascus", 33.513, 36.292),
    ("Aleppo", 36.202, 37.134),
    ("Homs", 34.732, 36.714),
    ("Hama", 35.131, 36.757),
    ("Latakia", 35.523, 35.791),
    ("Deir ez-Zor", 35.336, 40.141),
    ("Daraa", 32.625, 36.106),
    ("Idlib", 35.930, 36.634),
];
const FACILITY_KINDS: [(&str, &str); 4] = [
    ("prison", "Prison"),
    ("detention_center", "Detention Centre"),
    ("interrogation_center", "Interrogation Centre"),
    ("military_prison", "Military Prison"),
];
const ROLES: [(&str, &str); 6] = [
    ("officer", "officer"),
    ("investigator", "investigator"),
    ("guard", "guard"),
    ("head_of_department", "head of the investigation department"),
    ("driver", "driver"),
    ("head_of_branch", "head of branch"),
];
const RANKS: [&str; 6] = [
    "colonel",
    "brigadier general",
    "major",
    "captain",
    "sergeant",
    "warrant officer",
];
const CRIMES: [&str; 5] = [
    "crimes against humanity",
    "murder",
    "torture",
    "sexual violence",
    "deprivation of liberty",
];
const COURTS: [(&str, &str); 5] = [
    ("Higher Regional Court", "DE"),
    ("Paris Court of Assize", "FR"),
    ("Stockholm District Court", "SE"),
    ("District Court of The Hague", "NL"),
    ("Federal Criminal Court", "CH"),
];
const SOURCE_KINDS: [&str; 5] = ["report", "news", "court_document", "testimony", "statement"];
const CONFIDENCE: [&str; 3] = ["low", "medium", "high"];

/// Makes records; `push` sends them to the sink.
struct Gen<'a> {
    sink: &'a mut Sink,
    seed: u64,
    now: DateTime<Utc>,
    sources: Vec<Uuid>,
    source_weight: Zipf,
    /// The derived level of every record that is not public (most are).
    levels: HashMap<Uuid, Level>,
    /// The names of hidden persons, which no visible text may show.
    hidden_names: NameIndex,
    /// Words for quotes.
    prose: super::words::Prose,
    /// Each source's language, which its citations' quotes are in.
    source_languages: HashMap<Uuid, &'static str>,
    /// The dates of dated named records, which their aliases are found by.
    dates: HashMap<Uuid, (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)>,
}

/// The id of record `index` of `section` ("person", "facility", ...) in the dataset
/// of `seed`, for benchmarks that look records up.
pub fn generated_id(seed: u64, section: &str, index: usize) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{seed}/{section}/{index}").as_bytes())
}

impl Gen<'_> {
    fn id(&self, section: &str, index: usize) -> Uuid {
        generated_id(self.seed, section, index)
    }

    fn level_of(&self, id: Uuid) -> Level {
        self.levels.get(&id).copied().unwrap_or(Level::Public)
    }

    /// Sends a record to the sink through the domain's rules: its type's field rules,
    /// its visibility derived from what it is about, and no hidden person's name in text
    /// its readers see. (Its references are the generator's own records, by construction.)
    async fn push<M>(&mut self, mut model: M) -> Result<(), DbErr>
    where
        M: ModelTrait,
        M::Entity: Kind + EntityTrait<Model = M>,
    {
        let id = <M::Entity as Record>::id_of(&model);
        let node = <M::Entity as Record>::NODE;
        let invalid = |column: &str, message: &str| {
            DbErr::Custom(format!(
                "generated record invalid: table `{}`, record `{id}`: field `{column}`: {message}",
                node.table()
            ))
        };
        crate::service::records::check_row::<M::Entity>(&mut model)
            .map_err(|e| invalid(e.column, &e.message))?;
        let own = Level::own(
            <M::Entity as Record>::visibility_of(&model),
            <M::Entity as Record>::archived_of(&model).is_some(),
        );
        let about = references_of::<M::Entity>(&model)
            .into_iter()
            .map(|(_, _, target)| self.level_of(target));
        let level = effective(own, about);
        <M::Entity as Record>::set_effective(&mut model, level.as_db());
        // A person's own record (or alias) names that person: the index holds only the
        // hidden persons' names (not every person's, at any scale), so it could not tell
        // them from a namesake; the generator's other texts name no one.
        let translations = crate::service::translations::of::<M::Entity>(&model);
        let texts = crate::service::records::visible_texts::<M::Entity>(&model, &translations);
        if exposure::self_person::<M::Entity>(&model).is_none()
            && let Some((column, _)) = self.hidden_names.first_exposure(&texts, level, None)
        {
            return Err(invalid(column, "names a hidden person"));
        }
        if level != Level::Public {
            self.levels.insert(id, level);
        }
        // The full-text rows, as `write::settle` would make them: a quote is in its
        // source's language.
        let quote_lang =
            match crate::service::records::column_value::<M::Entity>(&model, "source_id") {
                Some(sea_orm::Value::Uuid(Some(source)))
                    if node == crate::ids::NodeType::Citation =>
                {
                    self.source_languages.get(&source).copied()
                }
                _ => None,
            };
        for mut row in crate::service::text_index::rows_of::<M::Entity>(&model, quote_lang) {
            if node == crate::ids::NodeType::Alias {
                // An alias is found by its subject's dates.
                let (earliest, latest) =
                    self.dates.get(&row.subject_id).copied().unwrap_or_default();
                row.date_earliest = earliest;
                row.date_latest = latest;
            } else if node.is_named() && (row.date_earliest.is_some() || row.date_latest.is_some())
            {
                self.dates.insert(id, (row.date_earliest, row.date_latest));
            }
            self.sink.push(row).await?;
        }
        self.sink.push(model).await
    }

    /// One to five citations of `subject`, from sources cited with a Zipf skew.
    async fn cite(
        &mut self,
        rng: &mut Rng,
        subject_type: &str,
        subject: Uuid,
    ) -> Result<(), DbErr> {
        for n in 0..rng.range(1, 5) {
            let source = self.sources[self.source_weight.sample(rng)];
            let page = i64::try_from(rng.range(1, 400)).unwrap_or(1);
            let model = citation::Model {
                translations: None,
                id: Uuid::new_v5(&subject, format!("citation/{n}").as_bytes()),
                created_at: self.now,
                updated_at: self.now,
                visibility: "public".into(),
                effective_visibility: String::new(),
                version: 1,
                archived_at: None,
                source_id: source,
                subject_type: subject_type.into(),
                subject_id: subject,
                field: None,
                locator: None,
                capture_id: None,
                pinpoint: Some(
                    crate::service::pinpoint::Pinpoint::Page {
                        capture: None,
                        start: page,
                        end: page,
                    }
                    .to_json(),
                ),
                quote: Some(format!(
                    "Synthetic excerpt {} about the {subject_type}: {}.",
                    rng.below(1_000_000),
                    self.prose.sentence(rng)
                )),
                confidence: (*rng.pick(&CONFIDENCE)).into(),
                status: if rng.chance(0.05) {
                    "disputed"
                } else {
                    "accepted"
                }
                .into(),
            };
            self.push(model).await?;
        }
        Ok(())
    }

    /// The search keys of a name (the record's own when `alias` is None).
    async fn index(
        &mut self,
        subject_type: &str,
        subject: Uuid,
        alias: Option<Uuid>,
        name: &str,
    ) -> Result<(), DbErr> {
        let shown = shown_name(name);
        let owner = alias.unwrap_or(subject);
        let level = self.level_of(owner);
        if subject_type == "person" && level > Level::Public {
            self.hidden_names.add_name(subject, name, level);
        }
        for (i, (key, skeleton, full_match)) in keys_of(name).into_iter().enumerate() {
            let model = name_key::Model {
                id: Uuid::new_v5(&owner, format!("name_key/{i}").as_bytes()),
                created_at: self.now,
                updated_at: self.now,
                visibility: level.as_db().into(),
                effective_visibility: level.as_db().into(),
                version: 1,
                archived_at: None,
                subject_type: subject_type.into(),
                subject_id: subject,
                alias_id: alias,
                name: shown.clone(),
                key,
                skeleton,
                full_match,
            };
            self.sink.push(model).await?;
        }
        Ok(())
    }

    /// An alias of `subject` with its search keys.
    #[allow(clippy::too_many_arguments)]
    async fn alias(
        &mut self,
        subject_type: &str,
        subject: Uuid,
        n: usize,
        name: String,
        script: &str,
        kind: &str,
    ) -> Result<(), DbErr> {
        let id = Uuid::new_v5(&subject, format!("alias/{n}").as_bytes());
        let language = if script == "Arab" { "ar" } else { "en" };
        self.push(alias::Model {
            id,
            created_at: self.now,
            updated_at: self.now,
            visibility: "public".into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            subject_type: subject_type.into(),
            subject_id: subject,
            name: name.clone(),
            language: Some(language.into()),
            script: Some(script.into()),
            kind: kind.into(),
        })
        .await?;
        self.index(subject_type, subject, Some(id), &name).await
    }
}

/// Writes the whole dataset of `shape` for `seed` into `sink`.
pub async fn write(sink: &mut Sink, shape: Shape, seed: u64) -> Result<(), DbErr> {
    let root = Rng::new(seed);
    // A fixed clock: the same seed gives byte-identical exports.
    let now = DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default();
    let mut g = Gen {
        sink,
        seed,
        now,
        sources: Vec::new(),
        source_weight: Zipf::new(shape.sources, 1.1),
        levels: HashMap::new(),
        hidden_names: NameIndex::default(),
        prose: super::words::Prose::default(),
        source_languages: HashMap::new(),
        dates: HashMap::new(),
    };

    // Organizations: the courts first, then publishers.
    let mut rng = root.fork("organizations");
    let mut courts = Vec::new();
    let mut publishers = Vec::new();
    for i in 0..shape.organizations {
        let id = g.id("organization", i);
        let court = COURTS.get(i).filter(|_| i < shape.organizations / 2 + 1);
        let (name, kind, country) = if let Some((court, country)) = court {
            courts.push(id);
            ((*court).to_owned(), "court", *country)
        } else {
            publishers.push(id);
            let (_, stem) = names::stem(&mut rng);
            let kind = *rng.pick(&["ngo", "media", "un_body", "association"]);
            (format!("{stem} Documentation Centre {i}"), kind, "SY")
        };
        g.push(organization::Model {
            translations: None,
            id,
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: format!("gen-organization-{i}"),
            name: name.clone(),
            abbreviation: None,
            kind: kind.into(),
            country: Some(country.into()),
            url: Some(format!("https://example.org/organization/{i}")),
            description: None,
        })
        .await?;
        g.index("organization", id, None, &name).await?;
    }

    let mut rng = root.fork("sources");
    for i in 0..shape.sources {
        let id = g.id("source", i);
        let publisher = (!publishers.is_empty()).then(|| *rng.pick(&publishers));
        let published = fuzzy(&mut rng, 2012, 2025);
        let (_, stem) = names::stem(&mut rng);
        let title = format!("Report {i} on detention in {stem}");
        // Drawn in the order the fields were always drawn, so datasets stay the same.
        let kind = *rng.pick(&SOURCE_KINDS);
        let language = *rng.pick(&["ar", "en", "de"]);
        g.push(source::Model {
            translations: None,
            id,
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: format!("gen-source-{i}"),
            title: title.clone(),
            publisher_id: publisher,
            publisher_name: None,
            kind: kind.into(),
            language: Some(language.into()),
            published: published.text,
            published_earliest: published.earliest,
            published_latest: published.latest,
            url: Some(format!("https://example.org/source/{i}")),
            archive_ref: None,
            description: None,
        })
        .await?;
        g.index("source", id, None, &title).await?;
        g.sources.push(id);
        g.source_languages.insert(id, language);
    }

    let mut rng = root.fork("agencies");
    let mut agencies = Vec::new();
    for i in 0..shape.agencies {
        let id = g.id("agency", i);
        let (name, abbreviation, kind) = AGENCIES[i % AGENCIES.len()];
        let name = if i < AGENCIES.len() {
            name.to_owned()
        } else {
            format!("{name} {i}")
        };
        g.push(agency::Model {
            translations: None,
            id,
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: format!("gen-agency-{i}"),
            name: name.clone(),
            abbreviation: Some(abbreviation.into()),
            kind: Some(kind.into()),
            country: Some("SY".into()),
            description: None,
        })
        .await?;
        g.index("agency", id, None, &name).await?;
        g.cite(&mut rng, "agency", id).await?;
        agencies.push(id);
    }

    let mut rng = root.fork("branches");
    let mut branches = Vec::new();
    for i in 0..shape.branches {
        let id = g.id("branch", i);
        let number = 200 + i;
        let (stem_ar, stem) = names::stem(&mut rng);
        let name = format!("Branch {number} ({stem})");
        // One branch in five is a department of an earlier one.
        let parent = (i > 0 && rng.chance(0.2)).then(|| branches[rng.below(i)]);
        g.push(branch::Model {
            translations: None,
            id,
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: format!("gen-branch-{i}"),
            name: name.clone(),
            number: Some(number.to_string()),
            kind: Some(
                if parent.is_some() {
                    "department"
                } else {
                    "branch"
                }
                .into(),
            ),
            agency_id: agencies[i % agencies.len()],
            parent_id: parent,
            city: Some(rng.pick(&CITIES).0.into()),
            description: None,
        })
        .await?;
        g.index("branch", id, None, &name).await?;
        g.alias("branch", id, 0, format!("فرع {stem_ar}"), "Arab", "native")
            .await?;
        g.cite(&mut rng, "branch", id).await?;
        branches.push(id);
    }

    let mut rng = root.fork("facilities");
    let mut facilities = Vec::new();
    for i in 0..shape.facilities {
        let id = g.id("facility", i);
        let (stem_ar, stem) = names::stem(&mut rng);
        let (kind, kind_name) = *rng.pick(&FACILITY_KINDS);
        let name = format!("{stem} {kind_name} {i}");
        let (city, lat, lon) = *rng.pick(&CITIES);
        let opened = fuzzy(&mut rng, 1970, 2011);
        let closed = if rng.chance(0.3) {
            fuzzy(&mut rng, 2012, 2024)
        } else {
            Fuzzy::default()
        };
        g.push(facility::Model {
            translations: None,
            id,
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: format!("gen-facility-{i}"),
            name: name.clone(),
            kind: kind.into(),
            status: if closed.text.is_some() {
                "defunct"
            } else {
                "active"
            }
            .into(),
            address: None,
            neighbourhood: None,
            city: Some(city.into()),
            region: None,
            country: Some("SY".into()),
            latitude: Some(lat + (rng.unit() - 0.5) * 0.1),
            longitude: Some(lon + (rng.unit() - 0.5) * 0.1),
            location_precision: Some("neighbourhood".into()),
            opened: opened.text,
            opened_earliest: opened.earliest,
            opened_latest: opened.latest,
            closed: closed.text,
            closed_earliest: closed.earliest,
            closed_latest: closed.latest,
            description: None,
        })
        .await?;
        g.index("facility", id, None, &name).await?;
        g.alias(
            "facility",
            id,
            0,
            format!("سجن {stem_ar}"),
            "Arab",
            "native",
        )
        .await?;
        g.cite(&mut rng, "facility", id).await?;
        facilities.push(id);
    }

    // Who ran each facility: one or two branches, any branch alike.
    let mut rng = root.fork("operations");
    for (i, facility) in facilities.iter().enumerate() {
        for n in 0..rng.range(1, 2) {
            let id = Uuid::new_v5(facility, format!("operation/{n}").as_bytes());
            let period = fuzzy(&mut rng, 1990, 2020);
            g.push(facility_operation::Model {
                translations: None,
                id,
                created_at: now,
                updated_at: now,
                visibility: "public".into(),
                effective_visibility: String::new(),
                version: 1,
                archived_at: None,
                facility_id: *facility,
                branch_id: branches[(i * 7 + n * 13 + rng.below(3)) % branches.len()],
                period: period.text,
                period_earliest: period.earliest,
                period_latest: period.latest,
                period_start_latest: period.start_latest,
                period_end_earliest: period.end_earliest,
                description: None,
            })
            .await?;
            g.cite(&mut rng, "facility_operation", id).await?;
        }
    }

    let mut rng = root.fork("trials");
    let mut trials = Vec::new();
    for i in 0..shape.trials {
        let id = g.id("trial", i);
        let court = (!courts.is_empty()).then(|| courts[i % courts.len()]);
        let (_, country) = COURTS[i % COURTS.len()];
        let period = fuzzy(&mut rng, 2019, 2025);
        let name = format!("Trial {i} ({country})");
        g.push(trial::Model {
            translations: None,
            id,
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: format!("gen-trial-{i}"),
            name: name.clone(),
            court_id: court,
            country: Some(country.into()),
            legal_basis: Some("universal_jurisdiction".into()),
            case_reference: Some(format!("{} StE {i}/21", 1 + i % 9)),
            period: period.text,
            period_earliest: period.earliest,
            period_latest: period.latest,
            status: (*rng.pick(&["ongoing", "concluded", "appealed"])).into(),
            description: None,
        })
        .await?;
        g.index("trial", id, None, &name).await?;
        g.cite(&mut rng, "trial", id).await?;
        trials.push(id);
    }

    persons(&mut g, &root, shape, &branches, &trials).await
}

/// Persons with their aliases, postings, verdicts and charges. Nine in ten are officers;
/// the rest are witnesses or survivors, restricted as the data model asks.
async fn persons(
    g: &mut Gen<'_>,
    root: &Rng,
    shape: Shape,
    branches: &[Uuid],
    trials: &[Uuid],
) -> Result<(), DbErr> {
    let now = g.now;
    let mut rng = root.fork("persons");
    let branch_weight = Zipf::new(branches.len(), 1.4);
    let officers = shape.persons - shape.persons / 10;
    let verdict_chance = shape.verdicts as f64 / officers.max(1) as f64;
    for i in 0..shape.persons {
        let id = g.id("person", i);
        let names = names::person(&mut rng);
        let officer = i % 10 != 9;
        let convicted = officer && !trials.is_empty() && rng.chance(verdict_chance);
        let roles = match (officer, convicted) {
            (true, true) => "defendant,officer",
            (true, false) => "officer",
            (false, _) => *rng.pick(&["survivor", "witness"]),
        };
        // The domain's default: witnesses and survivors are restricted.
        let visibility = person_rules::default_visibility(&person_rules::roles_of(roles)).as_db();
        g.push(person::Model {
            translations: None,
            id,
            created_at: now,
            updated_at: now,
            visibility: visibility.into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: format!("gen-person-{i}"),
            name: names.latin.clone(),
            roles: roles.into(),
            gender: Some(if rng.chance(0.9) { "male" } else { "female" }.into()),
            birth_date: fuzzy(&mut rng, 1950, 1990).text,
            nationality: Some("SY".into()),
            description: None,
            notes: None,
        })
        .await?;
        g.index("person", id, None, &names.latin).await?;
        g.alias("person", id, 0, names.arabic, "Arab", "native")
            .await?;
        g.alias("person", id, 1, names.variant, "Latn", "transliteration")
            .await?;
        if let Some((arabic, latin)) = names.nickname {
            g.alias("person", id, 2, arabic, "Arab", "nickname").await?;
            g.alias("person", id, 3, latin, "Latn", "nickname").await?;
        }
        g.cite(&mut rng, "person", id).await?;
        if !officer {
            continue;
        }
        let postings = match rng.below(20) {
            0..=4 => 1,
            5..=11 => 2,
            12..=16 => 3,
            _ => 4,
        };
        for n in 0..postings {
            let posting = Uuid::new_v5(&id, format!("posting/{n}").as_bytes());
            let (role, title) = *rng.pick(&ROLES);
            let period = fuzzy(&mut rng, 2000, 2020);
            g.push(posting::Model {
                translations: None,
                id: posting,
                created_at: now,
                updated_at: now,
                visibility: "public".into(),
                effective_visibility: String::new(),
                version: 1,
                archived_at: None,
                person_id: id,
                branch_id: branches[branch_weight.sample(&mut rng)],
                role: role.into(),
                title: Some(title.into()),
                rank: Some((*rng.pick(&RANKS)).into()),
                period: period.text,
                period_earliest: period.earliest,
                period_latest: period.latest,
                period_start_latest: period.start_latest,
                period_end_earliest: period.end_earliest,
                description: None,
            })
            .await?;
            g.cite(&mut rng, "posting", posting).await?;
        }
        if convicted {
            let trial = *rng.pick(trials);
            verdict(g, &mut rng, id, trial).await?;
        }
    }
    Ok(())
}

async fn verdict(g: &mut Gen<'_>, rng: &mut Rng, person: Uuid, trial: Uuid) -> Result<(), DbErr> {
    let now = g.now;
    let id = Uuid::new_v5(&person, b"verdict/0");
    let date = fuzzy(rng, 2020, 2025);
    let life = rng.chance(0.15);
    let months = (!life).then(|| rng.range(12, 240) as i32);
    let outcome = *rng.pick(&[
        "convicted",
        "convicted",
        "convicted",
        "partially_convicted",
        "acquitted",
    ]);
    g.push(verdict::Model {
        translations: None,
        id,
        created_at: now,
        updated_at: now,
        visibility: "public".into(),
        effective_visibility: String::new(),
        version: 1,
        archived_at: None,
        trial_id: trial,
        person_id: person,
        date: date.text,
        date_earliest: date.earliest,
        date_latest: date.latest,
        outcome: outcome.into(),
        sentence: Some(match months {
            Some(m) => format!("{m} months"),
            None => "life imprisonment".into(),
        }),
        sentence_months: months,
        life_sentence: life,
        appeal_status: Some((*rng.pick(&["none", "pending", "final"])).into()),
        description: None,
    })
    .await?;
    g.cite(rng, "verdict", id).await?;
    for n in 0..rng.range(1, 3) {
        let charge = Uuid::new_v5(&id, format!("charge/{n}").as_bytes());
        g.push(charge::Model {
            translations: None,
            id: charge,
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            verdict_id: id,
            crime: (*rng.pick(&CRIMES)).into(),
            legal_provision: Some(format!("§ {} VStGB", 7 + n)),
            count: Some(rng.range(1, 60) as i32),
            disposition: if outcome == "acquitted" {
                "acquitted"
            } else {
                "convicted"
            }
            .into(),
        })
        .await?;
        g.cite(rng, "charge", charge).await?;
    }
    Ok(())
}
