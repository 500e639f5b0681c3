//! Turns the parsed dataset into entity models: keys become UUIDs, references are
//! checked, EDTF dates get their bounds, aliases and citations get their subjects.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use entity::*;
use uuid::Uuid;

use super::dataset::{self as ds, Common, Dataset};
use crate::edtf::Edtf;
use crate::ids::NodeType;
use crate::service::bulk::Rows;
use crate::service::pinpoint::{self, Pinpoint};
use crate::service::translations::Translations;
use crate::service::vocab::{PersonRole, Visibility};

/// Namespace of the built-in records' UUID v5 ids. Never change it: ids would change.
const NAMESPACE: Uuid = Uuid::from_u128(0x6b1f_3f52_8d0e_4a8e_9c57_daee_1000_0001);

/// The id of the record with `key` in `section`.
pub fn seed_id(section: &str, key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{section}/{key}").as_bytes())
}

/// Every model of the dataset, grouped by table in foreign-key order.
#[derive(Default)]
pub struct Records {
    organizations: Vec<organization::Model>,
    sources: Vec<source::Model>,
    captures: Vec<capture::Model>,
    agencies: Vec<agency::Model>,
    branches: Vec<branch::Model>,
    facilities: Vec<facility::Model>,
    operations: Vec<facility_operation::Model>,
    persons: Vec<person::Model>,
    postings: Vec<posting::Model>,
    trials: Vec<trial::Model>,
    verdicts: Vec<verdict::Model>,
    charges: Vec<charge::Model>,
    statistics: Vec<statistic::Model>,
    events: Vec<event::Model>,
    event_links: Vec<event_link::Model>,
    sanctions: Vec<sanction::Model>,
    testimonies: Vec<testimony::Model>,
    aliases: Vec<alias::Model>,
    citations: Vec<citation::Model>,
}

impl Records {
    pub fn len(&self) -> usize {
        self.organizations.len()
            + self.sources.len()
            + self.captures.len()
            + self.agencies.len()
            + self.branches.len()
            + self.facilities.len()
            + self.operations.len()
            + self.persons.len()
            + self.postings.len()
            + self.trials.len()
            + self.verdicts.len()
            + self.charges.len()
            + self.statistics.len()
            + self.events.len()
            + self.event_links.len()
            + self.sanctions.len()
            + self.testimonies.len()
            + self.aliases.len()
            + self.citations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows of every table, with their `translations`, ready for the door every
    /// bulk write goes through.
    pub fn into_rows(
        self,
        translations: &BTreeMap<Uuid, Translations>,
    ) -> Result<Rows, serde_json::Error> {
        fn table<M: serde::Serialize>(
            rows: &mut Rows,
            node: NodeType,
            models: Vec<M>,
            translations: &BTreeMap<Uuid, Translations>,
        ) -> Result<(), serde_json::Error> {
            let mut values = models
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<Vec<_>, _>>()?;
            for value in &mut values {
                let id = value
                    .get("id")
                    .and_then(|id| id.as_str())
                    .and_then(|id| Uuid::parse_str(id).ok());
                if let Some(stored) = id.and_then(|id| translations.get(&id)?.stored()) {
                    value["translations"] = serde_json::Value::String(stored);
                }
            }
            rows.entry(node).or_default().extend(values);
            Ok(())
        }
        let mut rows = Rows::new();
        table(
            &mut rows,
            NodeType::Organization,
            self.organizations,
            translations,
        )?;
        table(&mut rows, NodeType::Source, self.sources, translations)?;
        table(&mut rows, NodeType::Capture, self.captures, translations)?;
        table(&mut rows, NodeType::Agency, self.agencies, translations)?;
        table(&mut rows, NodeType::Branch, self.branches, translations)?;
        table(&mut rows, NodeType::Facility, self.facilities, translations)?;
        table(
            &mut rows,
            NodeType::FacilityOperation,
            self.operations,
            translations,
        )?;
        table(&mut rows, NodeType::Person, self.persons, translations)?;
        table(&mut rows, NodeType::Posting, self.postings, translations)?;
        table(&mut rows, NodeType::Trial, self.trials, translations)?;
        table(&mut rows, NodeType::Verdict, self.verdicts, translations)?;
        table(&mut rows, NodeType::Charge, self.charges, translations)?;
        table(
            &mut rows,
            NodeType::Statistic,
            self.statistics,
            translations,
        )?;
        table(&mut rows, NodeType::Event, self.events, translations)?;
        table(
            &mut rows,
            NodeType::EventLink,
            self.event_links,
            translations,
        )?;
        table(&mut rows, NodeType::Sanction, self.sanctions, translations)?;
        table(
            &mut rows,
            NodeType::Testimony,
            self.testimonies,
            translations,
        )?;
        table(&mut rows, NodeType::Alias, self.aliases, translations)?;
        table(&mut rows, NodeType::Citation, self.citations, translations)?;
        Ok(rows)
    }
}

/// An EDTF column and its bounds.
type Fuzzy = (Option<String>, Option<NaiveDate>, Option<NaiveDate>);

struct Builder {
    now: DateTime<Utc>,
    out: Records,
    keys: HashSet<(&'static str, String)>,
    /// The seed document of each source that has one, by source key: its capture's id
    /// and its text, which pins that source's citations.
    documents: HashMap<String, (Uuid, &'static str)>,
}

pub fn build(dataset: Dataset, now: DateTime<Utc>) -> Result<Records, String> {
    let mut b = Builder {
        now,
        out: Records::default(),
        keys: HashSet::new(),
        documents: HashMap::new(),
    };
    for source in &dataset.sources {
        let text = source.archive_ref.as_deref().and_then(super::texts::text);
        if let Some(text) = text {
            let text = std::str::from_utf8(text).map_err(|_| {
                format!("the seed document of source `{}` is not UTF-8", source.key)
            })?;
            b.documents
                .insert(source.key.clone(), (seed_id("capture", &source.key), text));
        }
    }
    // Register every key first so references can be checked in any order.
    for (section, keys) in [
        (
            "organization",
            dataset
                .organizations
                .iter()
                .map(|r| r.key.clone())
                .collect::<Vec<_>>(),
        ),
        (
            "source",
            dataset.sources.iter().map(|r| r.key.clone()).collect(),
        ),
        (
            "agency",
            dataset.agencies.iter().map(|r| r.key.clone()).collect(),
        ),
        (
            "branch",
            dataset.branches.iter().map(|r| r.key.clone()).collect(),
        ),
        (
            "facility",
            dataset.facilities.iter().map(|r| r.key.clone()).collect(),
        ),
        (
            "person",
            dataset.persons.iter().map(|r| r.key.clone()).collect(),
        ),
        (
            "trial",
            dataset.trials.iter().map(|r| r.key.clone()).collect(),
        ),
        (
            "verdict",
            dataset.verdicts.iter().map(|r| r.key.clone()).collect(),
        ),
    ] {
        for key in keys {
            if !b.keys.insert((section, key.clone())) {
                return Err(format!("{section} key `{key}` is used twice"));
            }
        }
    }
    for r in dataset.organizations {
        let (id, visibility) = b.record("organization", &r.key, r.common)?;
        b.out.organizations.push(organization::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: r.key,
            name: r.name,
            abbreviation: r.abbreviation,
            kind: r.kind,
            country: r.country,
            url: r.url,
            description: r.description,
        });
    }
    for r in dataset.sources {
        let (id, visibility) = b.record("source", &r.key, r.common)?;
        let (published, published_earliest, published_latest) = fuzzy(r.published, &r.key)?;
        let publisher_id = b.reference_opt("organization", r.publisher, &r.key)?;
        b.out.sources.push(source::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: r.key,
            title: r.title,
            publisher_id,
            publisher_name: r.publisher_name,
            kind: r.kind,
            language: r.language,
            published,
            published_earliest,
            published_latest,
            url: r.url,
            archive_ref: r.archive_ref.clone(),
            description: r.description,
        });
        // A source whose archived copy is a seed document has it as its capture. When
        // and by whom it was collected, the seeds do not say.
        if let Some(text) = r.archive_ref.as_deref().and_then(super::texts::text) {
            let (key, visibility) = b
                .out
                .sources
                .last()
                .map(|s| (s.slug.clone(), s.visibility.clone()))
                .unwrap_or_default();
            b.out.captures.push(capture::Model {
                id: seed_id("capture", &key),
                created_at: b.now,
                updated_at: b.now,
                visibility,
                effective_visibility: String::new(),
                version: 1,
                archived_at: None,
                source_id: id,
                sha256: crate::evidence::sha256_of(text),
                size: i64::try_from(text.len()).unwrap_or(i64::MAX),
                media_type: super::texts::MEDIA_TYPE.to_owned(),
                captured_at: None,
                url: None,
                captured_by: None,
            });
        }
    }
    for r in dataset.agencies {
        let (id, visibility) = b.record("agency", &r.key, r.common)?;
        b.out.agencies.push(agency::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: r.key,
            name: r.name,
            abbreviation: r.abbreviation,
            kind: r.kind,
            country: r.country,
            description: r.description,
        });
    }
    for r in dataset.branches {
        let (id, visibility) = b.record("branch", &r.key, r.common)?;
        let agency_id = b.reference("agency", &r.agency, &r.key)?;
        let parent_id = b.reference_opt("branch", r.parent, &r.key)?;
        b.out.branches.push(branch::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: r.key,
            name: r.name,
            number: r.number,
            kind: r.kind,
            agency_id,
            parent_id,
            city: r.city,
            description: r.description,
        });
    }
    for r in dataset.facilities {
        let (id, visibility) = b.record("facility", &r.key, r.common)?;
        let (opened, opened_earliest, opened_latest) = fuzzy(r.opened, &r.key)?;
        let (closed, closed_earliest, closed_latest) = fuzzy(r.closed, &r.key)?;
        b.out.facilities.push(facility::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: r.key,
            name: r.name,
            kind: r.kind,
            status: r.status,
            address: r.address,
            neighbourhood: r.neighbourhood,
            city: r.city,
            region: r.region,
            country: r.country,
            latitude: r.latitude,
            longitude: r.longitude,
            location_precision: r.location_precision,
            opened,
            opened_earliest,
            opened_latest,
            closed,
            closed_earliest,
            closed_latest,
            description: r.description,
        });
    }
    for r in dataset.facility_operations {
        let (id, visibility) = b.record("facility_operation", &r.key, r.common)?;
        let facility_id = b.reference("facility", &r.facility, &r.key)?;
        let branch_id = b.reference("branch", &r.branch, &r.key)?;
        let (period, period_earliest, period_latest) = fuzzy(r.period, &r.key)?;
        b.out.operations.push(facility_operation::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            facility_id,
            branch_id,
            period,
            period_earliest,
            period_latest,
            // The door's field rules compute the inner bounds from the text.
            period_start_latest: None,
            period_end_earliest: None,
            description: r.description,
        });
    }
    for r in dataset.persons {
        let roles: Vec<PersonRole> = r
            .roles
            .iter()
            .filter_map(|r| PersonRole::parse(r))
            .collect();
        let default = crate::service::records::person::default_visibility(&roles);
        let (id, visibility) = b.record_as("person", &r.key, r.common, default)?;
        let mut roles = r.roles;
        roles.sort();
        roles.dedup();
        b.out.persons.push(person::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: r.key,
            name: r.name,
            roles: roles.join(","),
            gender: r.gender,
            birth_date: r.birth_date,
            nationality: r.nationality,
            description: r.description,
            notes: r.notes,
        });
    }
    for r in dataset.postings {
        let (id, visibility) = b.record("posting", &r.key, r.common)?;
        let person_id = b.reference("person", &r.person, &r.key)?;
        let branch_id = b.reference("branch", &r.branch, &r.key)?;
        let (period, period_earliest, period_latest) = fuzzy(r.period, &r.key)?;
        b.out.postings.push(posting::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            person_id,
            branch_id,
            role: r.role,
            title: r.title,
            rank: r.rank,
            period,
            period_earliest,
            period_latest,
            // The door's field rules compute the inner bounds from the text.
            period_start_latest: None,
            period_end_earliest: None,
            description: r.description,
        });
    }
    for r in dataset.trials {
        let (id, visibility) = b.record("trial", &r.key, r.common)?;
        let court_id = b.reference_opt("organization", r.court, &r.key)?;
        let (period, period_earliest, period_latest) = fuzzy(r.period, &r.key)?;
        b.out.trials.push(trial::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: r.key,
            name: r.name,
            court_id,
            country: r.country,
            legal_basis: r.legal_basis,
            case_reference: r.case_reference,
            period,
            period_earliest,
            period_latest,
            status: r.status,
            description: r.description,
        });
    }
    for r in dataset.verdicts {
        let (id, visibility) = b.record("verdict", &r.key, r.common)?;
        let trial_id = b.reference("trial", &r.trial, &r.key)?;
        let person_id = b.reference("person", &r.person, &r.key)?;
        let (date, date_earliest, date_latest) = fuzzy(r.date, &r.key)?;
        for c in r.charges {
            let (charge_id, charge_visibility) = b.record("charge", &c.key, c.common)?;
            b.out.charges.push(charge::Model {
                translations: None,
                id: charge_id,
                created_at: b.now,
                updated_at: b.now,
                visibility: charge_visibility,
                effective_visibility: String::new(),
                version: 1,
                archived_at: None,
                verdict_id: id,
                crime: c.crime,
                legal_provision: c.legal_provision,
                count: c.count,
                disposition: c.disposition,
            });
        }
        b.out.verdicts.push(verdict::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            trial_id,
            person_id,
            date,
            date_earliest,
            date_latest,
            outcome: r.outcome,
            sentence: r.sentence,
            sentence_months: r.sentence_months,
            life_sentence: r.life_sentence,
            appeal_status: r.appeal_status,
            description: r.description,
        });
    }
    for r in dataset.statistics {
        let (id, visibility) = b.record("statistic", &r.key, r.common)?;
        let subject_id = match r.subject_type.as_str() {
            "country" => None,
            section @ ("facility" | "branch" | "agency") => {
                let key = r
                    .subject
                    .as_deref()
                    .ok_or_else(|| format!("statistic `{}` names no subject", r.key))?;
                Some(b.reference(section_name(section), key, &r.key)?)
            }
            other => {
                return Err(format!(
                    "statistic `{}`: unknown subject type `{other}`",
                    r.key
                ));
            }
        };
        let (period, period_earliest, period_latest) = fuzzy(r.period, &r.key)?;
        let claimant_id = b.reference_opt("organization", r.claimant, &r.key)?;
        b.out.statistics.push(statistic::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            metric: r.metric,
            value_min: r.value_min,
            value_max: r.value_max,
            approximation: r.approximation,
            unit: r.unit,
            period,
            period_earliest,
            period_latest,
            subject_type: r.subject_type,
            subject_id,
            country: r.country,
            claimant_id,
            description: r.description,
        });
    }
    for r in dataset.events {
        let (id, visibility) = b.record("event", &r.key, r.common)?;
        let (date, date_earliest, date_latest) = fuzzy(r.date, &r.key)?;
        for link in r.links {
            let subject_id = b.reference(section_name(&link.subject_type), &link.key, &r.key)?;
            b.out.event_links.push(event_link::Model {
                id: seed_id(
                    "event_link",
                    &format!("{}/{}/{}", r.key, link.subject_type, link.key),
                ),
                created_at: b.now,
                updated_at: b.now,
                visibility: Visibility::Public.as_db().into(),
                effective_visibility: String::new(),
                version: 1,
                archived_at: None,
                event_id: id,
                subject_type: link.subject_type,
                subject_id,
                role: link.role,
            });
        }
        b.out.events.push(event::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            kind: r.kind,
            title: r.title,
            date,
            date_earliest,
            date_latest,
            description: r.description,
        });
    }
    for r in dataset.sanctions {
        let (id, visibility) = b.record("sanction", &r.key, r.common)?;
        let target_id = b.reference(section_name(&r.target_type), &r.target, &r.key)?;
        let authority_id = b.reference_opt("organization", r.authority, &r.key)?;
        let (listed, listed_earliest, listed_latest) = fuzzy(r.listed, &r.key)?;
        b.out.sanctions.push(sanction::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            target_type: r.target_type,
            target_id,
            authority_id,
            authority_name: r.authority_name,
            program: r.program,
            listed,
            listed_earliest,
            listed_latest,
            description: r.description,
        });
    }
    for r in dataset.testimonies {
        let (id, visibility) = b.record_as(
            "testimony",
            &r.key,
            r.common,
            crate::service::records::testimony::DEFAULT_VISIBILITY,
        )?;
        let witness_id = b.reference("person", &r.witness, &r.key)?;
        let trial_id = b.reference_opt("trial", r.trial, &r.key)?;
        let facility_id = b.reference_opt("facility", r.facility, &r.key)?;
        let (given, given_earliest, given_latest) = fuzzy(r.given, &r.key)?;
        b.out.testimonies.push(testimony::Model {
            translations: None,
            id,
            created_at: b.now,
            updated_at: b.now,
            visibility,
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            witness_id,
            trial_id,
            facility_id,
            summary: r.summary,
            given,
            given_earliest,
            given_latest,
        });
    }
    Ok(b.out)
}

/// The section (and table) that a `type` field of the dataset names.
fn section_name(subject_type: &str) -> &'static str {
    match subject_type {
        "agency" => "agency",
        "branch" => "branch",
        "facility" => "facility",
        "person" => "person",
        "trial" => "trial",
        "organization" => "organization",
        "verdict" => "verdict",
        _ => "unknown",
    }
}

/// Parses an optional EDTF value into the three stored columns.
fn fuzzy(text: Option<String>, key: &str) -> Result<Fuzzy, String> {
    match text {
        None => Ok((None, None, None)),
        Some(text) => {
            let edtf = Edtf::parse(&text).map_err(|e| format!("record `{key}`: {e}"))?;
            Ok((
                Some(edtf.as_str().to_owned()),
                edtf.earliest(),
                edtf.latest(),
            ))
        }
    }
}

impl Builder {
    /// Registers a record: its id and visibility, and its aliases and citations as rows
    /// of their own (which share the record's visibility).
    fn record(
        &mut self,
        section: &'static str,
        key: &str,
        common: Common,
    ) -> Result<(Uuid, String), String> {
        self.record_as(section, key, common, Visibility::Public)
    }

    /// Registers a record whose visibility, when the dataset gives none, is `default`.
    fn record_as(
        &mut self,
        section: &'static str,
        key: &str,
        common: Common,
        default: Visibility,
    ) -> Result<(Uuid, String), String> {
        let visibility = common
            .visibility
            .clone()
            .unwrap_or_else(|| default.as_db().to_owned());
        let id = seed_id(section, key);
        if section != "source" && common.citations.is_empty() {
            return Err(format!(
                "{section} `{key}` has no citation; every record must be sourced"
            ));
        }
        self.citations(section, key, id, common.citations)?;
        for a in common.aliases {
            let alias_key = format!("{key}/{}", a.name);
            let alias_id = seed_id("alias", &alias_key);
            self.citations("alias", &alias_key, alias_id, a.citations)?;
            self.out.aliases.push(alias::Model {
                id: alias_id,
                created_at: self.now,
                updated_at: self.now,
                // Aliases and citations are hidden with their record (derived visibility).
                visibility: Visibility::Public.as_db().into(),
                effective_visibility: String::new(),
                version: 1,
                archived_at: None,
                subject_type: section.to_owned(),
                subject_id: id,
                name: a.name,
                language: a.language,
                script: a.script,
                kind: a.kind,
            });
        }
        Ok((id, visibility))
    }

    fn citations(
        &mut self,
        section: &str,
        key: &str,
        subject_id: Uuid,
        citations: Vec<ds::Citation>,
    ) -> Result<(), String> {
        for (n, c) in citations.into_iter().enumerate() {
            let source_id = self.reference("source", &c.source, key)?;
            let id = seed_id("citation", &format!("{section}/{key}/{n}"));
            // A quote of a seed document is pinned to its characters there.
            let pinpoint = match (self.documents.get(&c.source), c.quote.as_deref()) {
                (Some((capture, text)), Some(quote)) => {
                    let (start, end) = pinpoint::find(text, quote, c.occurrence)
                        .map_err(|e| format!("{section} `{key}`, citation {}: {e}", n + 1))?;
                    Some(
                        Pinpoint::Characters {
                            capture: *capture,
                            start,
                            end,
                        }
                        .to_json(),
                    )
                }
                _ => None,
            };
            self.out.citations.push(citation::Model {
                translations: None,
                id,
                created_at: self.now,
                updated_at: self.now,
                visibility: Visibility::Public.as_db().into(),
                effective_visibility: String::new(),
                version: 1,
                archived_at: None,
                source_id,
                subject_type: section.to_owned(),
                subject_id,
                field: c.field,
                locator: c.locator,
                capture_id: None,
                pinpoint,
                quote: c.quote,
                confidence: c.confidence,
                status: c.status,
            });
        }
        Ok(())
    }

    fn reference(&self, section: &'static str, key: &str, from: &str) -> Result<Uuid, String> {
        if !self.keys.contains(&(section, key.to_owned())) {
            return Err(format!(
                "record `{from}` refers to unknown {section} `{key}`"
            ));
        }
        Ok(seed_id(section, key))
    }

    fn reference_opt(
        &self,
        section: &'static str,
        key: Option<String>,
        from: &str,
    ) -> Result<Option<Uuid>, String> {
        key.map(|k| self.reference(section, &k, from)).transpose()
    }
}
