//! Creating and changing statistics: figures a source claims. Conflicting figures are all
//! kept, each with its claimant; nothing here prefers one.

use async_graphql::{ID, InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{
    IntoDomain, any_id, change, change_id, create_and_update, opt_id, visibility,
};
use crate::graphql::types::{Approximation, Statistic, StatisticSubjectKind, Visibility};
use crate::ids::NodeType;
use crate::service::records::Change;
use crate::service::records::statistic::{NewStatistic, StatisticPatch};

/// A new statistic.
#[derive(InputObject)]
pub struct CreateStatisticInput {
    /// What is counted, snake_case, e.g. `deaths_in_detention`, `forcibly_disappeared`.
    pub metric: String,
    /// The lower end of the figure (equal to `valueMax` for a single figure); omit it when
    /// the source gives only a ceiling. At least 0; give at least one of the two.
    pub value_min: Option<i64>,
    /// The upper end of the figure; omit it when the source gives only a floor. At least
    /// `valueMin`.
    pub value_max: Option<i64>,
    /// How exact the source says the figure is; exact when omitted.
    pub approximation: Option<Approximation>,
    /// The unit; `persons` when omitted.
    pub unit: Option<String>,
    /// The period the figure covers (EDTF, e.g. `2011/2018`).
    pub period: Option<String>,
    /// What the figure is about.
    pub subject_kind: StatisticSubjectKind,
    /// The facility, branch or agency the figure is about (of the type `subjectKind`
    /// names); required for those kinds, omitted for a country.
    pub subject_id: Option<ID>,
    /// The country, ISO 3166-1 alpha-2: the subject when `subjectKind` is COUNTRY (then
    /// required), else the subject's country if known.
    pub country: Option<String>,
    /// The organization that makes the claim.
    pub claimant_id: Option<ID>,
    /// How the figure was arrived at and what the source says, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a statistic: omitted fields stay; `null` clears a nullable one. The result
/// is checked as a whole (e.g. `valueMin` against a stored `valueMax`).
#[derive(InputObject)]
pub struct UpdateStatisticInput {
    /// A new metric (snake_case).
    pub metric: Option<String>,
    /// A new lower end, or null.
    pub value_min: MaybeUndefined<i64>,
    /// A new upper end, or null.
    pub value_max: MaybeUndefined<i64>,
    /// A new approximation.
    pub approximation: Option<Approximation>,
    /// A new unit.
    pub unit: Option<String>,
    /// A new period (EDTF), or null.
    pub period: MaybeUndefined<String>,
    /// A new subject kind; give `subjectId` with it unless it is COUNTRY.
    pub subject_kind: Option<StatisticSubjectKind>,
    /// A new subject (of the type the subject kind names), or null for a country.
    pub subject_id: MaybeUndefined<ID>,
    /// A new country, or null.
    pub country: MaybeUndefined<String>,
    /// A new claimant organization, or null.
    pub claimant_id: MaybeUndefined<ID>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

/// The subject's UUID; which type it must be is the domain's rule (`subjectKind`).
fn subject(id: Option<&ID>) -> Result<Option<uuid::Uuid>> {
    id.map(|id| any_id("subjectId", id).map(|(_, uuid)| uuid))
        .transpose()
}

impl IntoDomain for CreateStatisticInput {
    type Domain = NewStatistic;
    fn into_domain(self) -> Result<NewStatistic> {
        Ok(NewStatistic {
            metric: self.metric,
            value_min: self.value_min,
            value_max: self.value_max,
            approximation: self.approximation.map(Into::into),
            unit: self.unit,
            period: self.period,
            subject_kind: self.subject_kind.into(),
            subject_id: subject(self.subject_id.as_ref())?,
            country: self.country,
            claimant_id: opt_id(
                "claimantId",
                NodeType::Organization,
                self.claimant_id.as_ref(),
            )?,
            description: self.description,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateStatisticInput {
    type Domain = StatisticPatch;
    fn into_domain(self) -> Result<StatisticPatch> {
        Ok(StatisticPatch {
            metric: self.metric,
            value_min: change(self.value_min),
            value_max: change(self.value_max),
            approximation: self.approximation.map(Into::into),
            unit: self.unit,
            period: change(self.period),
            subject_kind: self.subject_kind.map(Into::into),
            subject_id: match self.subject_id {
                MaybeUndefined::Undefined => Change::Keep,
                MaybeUndefined::Null => Change::Clear,
                MaybeUndefined::Value(id) => Change::Set(any_id("subjectId", &id)?.1),
            },
            country: change(self.country),
            claimant_id: change_id("claimantId", NodeType::Organization, self.claimant_id)?,
            description: change(self.description),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "StatisticMutation", entity: statistic, output: Statistic,
    /// Adds a figure a source claims. Editors and admins.
    create: create_statistic(CreateStatisticInput, "The statistic."),
    /// Changes a statistic; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    update: update_statistic(UpdateStatisticInput),
}
