//! Creating and changing statistics: figures a source claims. Conflicting figures are all
//! kept, each with its claimant; nothing here prefers one.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::statistic;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::posting::{patch_reference, reference, reference_opt, snake_case, visibility_or};
use crate::error::AppError;
use crate::graphql::context::RequestState;
use crate::graphql::mutation::{patch_date, patch_text};
use crate::graphql::types::{Approximation, Statistic, StatisticSubjectKind, Visibility};
use crate::ids::{NodeType, decode_id_of};
use crate::service::access::Viewer;
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

/// The unit stored when none is given.
const DEFAULT_UNIT: &str = "persons";

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

/// The record type a subject kind points at; none for a country.
fn subject_node(kind: StatisticSubjectKind) -> Option<NodeType> {
    match kind {
        StatisticSubjectKind::Facility => Some(NodeType::Facility),
        StatisticSubjectKind::Branch => Some(NodeType::Branch),
        StatisticSubjectKind::Agency => Some(NodeType::Agency),
        StatisticSubjectKind::Country => None,
    }
}

/// The subject's id, checked against its kind: a visible record of the matching type
/// for a facility, branch or agency; nothing for a country.
async fn subject<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    kind: StatisticSubjectKind,
    id: Option<&ID>,
) -> Result<Option<Uuid>> {
    match (subject_node(kind), id) {
        (Some(node), Some(id)) => reference(db, viewer, "subjectId", node, id).await.map(Some),
        (Some(node), None) => Err(AppError::bad_input(format!(
            "`subjectId`: give the {} this figure is about",
            node.name()
        ))
        .into()),
        (None, Some(_)) => Err(AppError::bad_input(
            "`subjectId`: omit it for a country figure; give the country in `country`",
        )
        .into()),
        (None, None) => Ok(None),
    }
}

/// The checks across fields: the range, and a country for a country figure.
fn check(model: &statistic::Model) -> Result<()> {
    let bad = |m: &str| -> Result<()> { Err(AppError::bad_input(m.to_owned()).into()) };
    match (model.value_min, model.value_max) {
        (None, None) => return bad("`valueMin`/`valueMax`: give at least one of them"),
        (Some(min), _) if min < 0 => return bad("`valueMin`: must not be negative"),
        (_, Some(max)) if max < 0 => return bad("`valueMax`: must not be negative"),
        (Some(min), Some(max)) if min > max => {
            return bad("`valueMin`: must not be greater than `valueMax`");
        }
        _ => {}
    }
    if model.subject_type == StatisticSubjectKind::Country.as_db() && model.country.is_none() {
        return bad("`country`: give the country a country figure is about, e.g. `SY`");
    }
    Ok(())
}

#[derive(Default)]
pub struct StatisticMutation;

#[Object]
impl StatisticMutation {
    /// Adds a figure a source claims. Editors and admins.
    async fn create_statistic(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The statistic.")] input: CreateStatisticInput,
    ) -> Result<Statistic> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let (period, period_earliest, period_latest) =
            validate::fuzzy_date("period", input.period)?;
        let now = Utc::now();
        let mut model = statistic::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: visibility_or(input.visibility, Visibility::Public),
            version: 1,
            archived_at: None,
            metric: snake_case("metric", &input.metric, 64)?,
            value_min: input.value_min,
            value_max: input.value_max,
            approximation: input
                .approximation
                .unwrap_or(Approximation::Exact)
                .as_db()
                .into(),
            unit: match input.unit {
                Some(unit) => validate::text("unit", &unit, 32)?,
                None => DEFAULT_UNIT.into(),
            },
            period,
            period_earliest,
            period_latest,
            subject_type: input.subject_kind.as_db().into(),
            subject_id: None,
            country: validate::country("country", input.country)?,
            claimant_id: None,
            description: validate::optional_text("description", input.description, 20_000)?,
        };
        check(&model)?;
        let txn = begin_write(&state.db).await?;
        model.subject_id = subject(
            &txn,
            state.viewer,
            input.subject_kind,
            input.subject_id.as_ref(),
        )
        .await?;
        model.claimant_id = reference_opt(
            &txn,
            state.viewer,
            "claimantId",
            NodeType::Organization,
            input.claimant_id.as_ref(),
        )
        .await?;
        let stored = insert_audited::<statistic::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Statistic::from(stored))
    }

    /// Changes a statistic; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_statistic(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The statistic's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateStatisticInput,
    ) -> Result<Statistic> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Statistic, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<statistic::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(metric) = input.metric {
            model.metric = snake_case("metric", &metric, 64)?;
        }
        match input.value_min {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.value_min = None,
            MaybeUndefined::Value(v) => model.value_min = Some(v),
        }
        match input.value_max {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.value_max = None,
            MaybeUndefined::Value(v) => model.value_max = Some(v),
        }
        if let Some(approximation) = input.approximation {
            model.approximation = approximation.as_db().into();
        }
        if let Some(unit) = input.unit {
            model.unit = validate::text("unit", &unit, 32)?;
        }
        if let Some((text, earliest, latest)) = patch_date("period", input.period)? {
            (model.period, model.period_earliest, model.period_latest) = (text, earliest, latest);
        }
        match input.country {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.country = None,
            MaybeUndefined::Value(code) => {
                model.country = validate::country("country", Some(code))?
            }
        }
        patch_text(
            "description",
            input.description,
            20_000,
            &mut model.description,
        )?;
        if let Some(visibility) = input.visibility {
            model.visibility = visibility.as_db().into();
        }
        // The subject is checked as a pair with its kind: a new kind needs a new subject.
        let current_kind = StatisticSubjectKind::from_db(&before.subject_type)?;
        let kind = input.subject_kind.unwrap_or(current_kind);
        model.subject_type = kind.as_db().into();
        match &input.subject_id {
            MaybeUndefined::Value(id) => {
                model.subject_id = subject(&txn, state.viewer, kind, Some(id)).await?;
            }
            MaybeUndefined::Null => {
                model.subject_id = subject(&txn, state.viewer, kind, None).await?;
            }
            MaybeUndefined::Undefined if kind != current_kind => {
                model.subject_id = subject(&txn, state.viewer, kind, None).await?;
            }
            MaybeUndefined::Undefined => {}
        }
        check(&model)?;
        patch_reference(
            &txn,
            state.viewer,
            "claimantId",
            NodeType::Organization,
            &input.claimant_id,
            &mut model.claimant_id,
        )
        .await?;
        model.version = before.version + 1;
        model.updated_at = Utc::now();
        let stored = update_audited::<statistic::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Statistic::from(stored))
    }
}
