//! The shape of `dataset.json` (documented in the README): records keyed by stable
//! kebab-case keys, references by key, a citation on every record.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Dataset {
    pub sources: Vec<Source>,
    pub organizations: Vec<Organization>,
    pub agencies: Vec<Agency>,
    pub branches: Vec<Branch>,
    pub facilities: Vec<Facility>,
    pub facility_operations: Vec<FacilityOperation>,
    pub persons: Vec<Person>,
    pub postings: Vec<Posting>,
    pub trials: Vec<Trial>,
    pub verdicts: Vec<Verdict>,
    #[serde(default)]
    pub statistics: Vec<Statistic>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub sanctions: Vec<Sanction>,
    #[serde(default)]
    pub testimonies: Vec<Testimony>,
}

/// Visibility, citations and aliases, which any record may carry.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Common {
    /// Absent: the domain's default (restricted for witnesses, survivors, victims and
    /// testimonies; public otherwise).
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub citations: Vec<Citation>,
    #[serde(default)]
    pub aliases: Vec<Alias>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Citation {
    pub source: String,
    pub field: Option<String>,
    pub locator: Option<String>,
    pub quote: Option<String>,
    /// Which place of the quote in its source's seed document it is (from 1), when the
    /// quote is there more than once.
    #[serde(default)]
    pub occurrence: Option<usize>,
    pub confidence: String,
    #[serde(default = "accepted")]
    pub status: String,
}

fn accepted() -> String {
    "accepted".into()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Alias {
    pub name: String,
    pub language: Option<String>,
    pub script: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub citations: Vec<Citation>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub key: String,
    pub title: String,
    pub publisher: Option<String>,
    pub publisher_name: Option<String>,
    pub kind: String,
    pub language: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub archive_ref: Option<String>,
    pub description: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub key: String,
    pub name: String,
    pub abbreviation: Option<String>,
    pub kind: String,
    pub country: Option<String>,
    pub url: Option<String>,
    pub description: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agency {
    pub key: String,
    pub name: String,
    pub abbreviation: Option<String>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub description: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Branch {
    pub key: String,
    pub name: String,
    pub number: Option<String>,
    pub kind: Option<String>,
    pub agency: String,
    pub parent: Option<String>,
    pub city: Option<String>,
    pub description: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Facility {
    pub key: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub address: Option<String>,
    pub neighbourhood: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub location_precision: Option<String>,
    pub opened: Option<String>,
    pub closed: Option<String>,
    pub description: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FacilityOperation {
    pub key: String,
    pub facility: String,
    pub branch: String,
    pub period: Option<String>,
    pub description: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub key: String,
    pub name: String,
    pub roles: Vec<String>,
    pub gender: Option<String>,
    pub birth_date: Option<String>,
    pub nationality: Option<String>,
    pub description: Option<String>,
    pub notes: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Posting {
    pub key: String,
    pub person: String,
    pub branch: String,
    pub role: String,
    pub title: Option<String>,
    pub rank: Option<String>,
    pub period: Option<String>,
    pub description: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trial {
    pub key: String,
    pub name: String,
    pub court: Option<String>,
    pub country: Option<String>,
    pub legal_basis: Option<String>,
    pub case_reference: Option<String>,
    pub period: Option<String>,
    pub status: String,
    pub description: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub key: String,
    pub trial: String,
    pub person: String,
    pub date: Option<String>,
    pub outcome: String,
    pub sentence: Option<String>,
    pub sentence_months: Option<i32>,
    pub life_sentence: bool,
    pub appeal_status: Option<String>,
    pub description: Option<String>,
    pub charges: Vec<Charge>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Charge {
    pub key: String,
    pub crime: String,
    pub legal_provision: Option<String>,
    pub count: Option<i32>,
    pub disposition: String,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Statistic {
    pub key: String,
    pub metric: String,
    pub value_min: Option<i64>,
    pub value_max: Option<i64>,
    pub approximation: String,
    #[serde(default = "persons")]
    pub unit: String,
    pub period: Option<String>,
    pub subject_type: String,
    pub subject: Option<String>,
    pub country: Option<String>,
    pub claimant: Option<String>,
    pub description: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}

fn persons() -> String {
    "persons".into()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub key: String,
    pub kind: String,
    pub title: String,
    pub date: Option<String>,
    pub description: Option<String>,
    pub links: Vec<EventLink>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventLink {
    #[serde(rename = "type")]
    pub subject_type: String,
    pub key: String,
    pub role: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sanction {
    pub key: String,
    pub target_type: String,
    pub target: String,
    pub authority: Option<String>,
    pub authority_name: Option<String>,
    pub program: Option<String>,
    pub listed: Option<String>,
    pub description: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Testimony {
    pub key: String,
    pub witness: String,
    pub trial: Option<String>,
    pub facility: Option<String>,
    pub summary: String,
    pub given: Option<String>,
    #[serde(flatten)]
    pub common: Common,
}
