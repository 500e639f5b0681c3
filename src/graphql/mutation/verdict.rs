//! Creating and changing verdicts and the charges they decide.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::Utc;
use entity::{charge, verdict};
use uuid::Uuid;

use super::posting::{reference, visibility_or};
use crate::error::AppError;
use crate::graphql::context::RequestState;
use crate::graphql::mutation::{patch_date, patch_text};
use crate::graphql::types::{
    AppealStatus, Charge, ChargeDisposition, Verdict, VerdictOutcome, Visibility,
};
use crate::ids::{NodeType, decode_id_of};
use crate::service::validate;
use crate::service::write::{
    begin_write, insert_audited, load_current, require_writer, update_audited,
};

/// The longest fixed term accepted, in months (100 years).
const MAX_SENTENCE_MONTHS: i32 = 1200;

/// A checked fixed-term length.
fn sentence_months(value: Option<i32>) -> Result<Option<i32>> {
    match value {
        Some(months) if !(0..=MAX_SENTENCE_MONTHS).contains(&months) => Err(AppError::bad_input(
            format!("`sentenceMonths`: must be between 0 and {MAX_SENTENCE_MONTHS}"),
        )
        .into()),
        other => Ok(other),
    }
}

/// A checked number of counts.
fn count(value: Option<i32>) -> Result<Option<i32>> {
    match value {
        Some(n) if n < 1 => Err(AppError::bad_input("`count`: must be at least 1").into()),
        other => Ok(other),
    }
}

/// A new verdict.
#[derive(InputObject)]
pub struct CreateVerdictInput {
    /// The trial it was given in.
    pub trial_id: ID,
    /// The defendant.
    pub person_id: ID,
    /// When it was given (EDTF, e.g. `2022-01-13`).
    pub date: Option<String>,
    /// Guilty, not guilty, or in part.
    pub outcome: VerdictOutcome,
    /// The sentence as the source words it, e.g. `life imprisonment`.
    pub sentence: Option<String>,
    /// Length of a fixed term in months (0 to 1200).
    pub sentence_months: Option<i32>,
    /// Whether it is a life sentence; false when omitted.
    pub life_sentence: Option<bool>,
    /// Whether the verdict can still change.
    pub appeal_status: Option<AppealStatus>,
    /// What the sources say about it, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a verdict: omitted fields stay; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateVerdictInput {
    /// Another trial.
    pub trial_id: Option<ID>,
    /// Another defendant.
    pub person_id: Option<ID>,
    /// A new date (EDTF), or null.
    pub date: MaybeUndefined<String>,
    /// A new outcome.
    pub outcome: Option<VerdictOutcome>,
    /// A new sentence text, or null.
    pub sentence: MaybeUndefined<String>,
    /// A new fixed-term length in months (0 to 1200), or null.
    pub sentence_months: MaybeUndefined<i32>,
    /// Whether it is a life sentence.
    pub life_sentence: Option<bool>,
    /// A new appeal status, or null.
    pub appeal_status: MaybeUndefined<AppealStatus>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

/// A new charge.
#[derive(InputObject)]
pub struct CreateChargeInput {
    /// The verdict that decides it.
    pub verdict_id: ID,
    /// The crime, e.g. `crimes against humanity (torture)`.
    pub crime: String,
    /// The legal provision, e.g. `§ 7 (1) no. 5 VStGB`.
    pub legal_provision: Option<String>,
    /// Number of counts (at least 1), where the sources give one.
    pub count: Option<i32>,
    /// Charged, convicted, acquitted or dropped.
    pub disposition: ChargeDisposition,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a charge: omitted fields stay; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateChargeInput {
    /// Another verdict.
    pub verdict_id: Option<ID>,
    /// A new crime.
    pub crime: Option<String>,
    /// A new legal provision, or null.
    pub legal_provision: MaybeUndefined<String>,
    /// A new number of counts (at least 1), or null.
    pub count: MaybeUndefined<i32>,
    /// A new disposition.
    pub disposition: Option<ChargeDisposition>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

#[derive(Default)]
pub struct VerdictMutation;

#[Object]
impl VerdictMutation {
    /// Adds one defendant's verdict in a trial. Editors and admins.
    async fn create_verdict(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The verdict.")] input: CreateVerdictInput,
    ) -> Result<Verdict> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let (date, date_earliest, date_latest) = validate::fuzzy_date("date", input.date)?;
        let sentence = validate::optional_text("sentence", input.sentence, 2000)?;
        let months = sentence_months(input.sentence_months)?;
        let description = validate::optional_text("description", input.description, 20_000)?;
        let txn = begin_write(&state.db).await?;
        let now = Utc::now();
        let model = verdict::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: visibility_or(input.visibility, Visibility::Public),
            version: 1,
            archived_at: None,
            trial_id: reference(
                &txn,
                state.viewer,
                "trialId",
                NodeType::Trial,
                &input.trial_id,
            )
            .await?,
            person_id: reference(
                &txn,
                state.viewer,
                "personId",
                NodeType::Person,
                &input.person_id,
            )
            .await?,
            date,
            date_earliest,
            date_latest,
            outcome: input.outcome.as_db().into(),
            sentence,
            sentence_months: months,
            life_sentence: input.life_sentence.unwrap_or(false),
            appeal_status: input.appeal_status.map(|a| a.as_db().to_owned()),
            description,
        };
        let stored = insert_audited::<verdict::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Verdict::from(stored))
    }

    /// Changes a verdict; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_verdict(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The verdict's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateVerdictInput,
    ) -> Result<Verdict> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Verdict, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<verdict::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(trial) = &input.trial_id {
            model.trial_id =
                reference(&txn, state.viewer, "trialId", NodeType::Trial, trial).await?;
        }
        if let Some(person) = &input.person_id {
            model.person_id =
                reference(&txn, state.viewer, "personId", NodeType::Person, person).await?;
        }
        if let Some((text, earliest, latest)) = patch_date("date", input.date)? {
            (model.date, model.date_earliest, model.date_latest) = (text, earliest, latest);
        }
        if let Some(outcome) = input.outcome {
            model.outcome = outcome.as_db().into();
        }
        patch_text("sentence", input.sentence, 2000, &mut model.sentence)?;
        match input.sentence_months {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.sentence_months = None,
            MaybeUndefined::Value(months) => model.sentence_months = sentence_months(Some(months))?,
        }
        if let Some(life) = input.life_sentence {
            model.life_sentence = life;
        }
        match input.appeal_status {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.appeal_status = None,
            MaybeUndefined::Value(status) => model.appeal_status = Some(status.as_db().into()),
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
        model.version = before.version + 1;
        model.updated_at = Utc::now();
        let stored = update_audited::<verdict::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Verdict::from(stored))
    }

    /// Adds a charge to a verdict: a crime the defendant was charged with or convicted of.
    /// Editors and admins.
    async fn create_charge(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The charge.")] input: CreateChargeInput,
    ) -> Result<Charge> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let crime = validate::text("crime", &input.crime, 2000)?;
        let legal_provision =
            validate::optional_text("legalProvision", input.legal_provision, 2000)?;
        let counts = count(input.count)?;
        let txn = begin_write(&state.db).await?;
        let now = Utc::now();
        let model = charge::Model {
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: visibility_or(input.visibility, Visibility::Public),
            version: 1,
            archived_at: None,
            verdict_id: reference(
                &txn,
                state.viewer,
                "verdictId",
                NodeType::Verdict,
                &input.verdict_id,
            )
            .await?,
            crime,
            legal_provision,
            count: counts,
            disposition: input.disposition.as_db().into(),
        };
        let stored = insert_audited::<charge::Entity, _>(&txn, state.viewer, model).await?;
        txn.commit().await?;
        Ok(Charge::from(stored))
    }

    /// Changes a charge; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_charge(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The charge's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateChargeInput,
    ) -> Result<Charge> {
        let state = RequestState::of(ctx)?;
        require_writer(state.viewer)?;
        let uuid = decode_id_of(NodeType::Charge, &id)?;
        let txn = begin_write(&state.db).await?;
        let before = load_current::<charge::Entity, _>(&txn, uuid, expected_version).await?;
        let mut model = before.clone();
        if let Some(verdict) = &input.verdict_id {
            model.verdict_id =
                reference(&txn, state.viewer, "verdictId", NodeType::Verdict, verdict).await?;
        }
        if let Some(crime) = input.crime {
            model.crime = validate::text("crime", &crime, 2000)?;
        }
        patch_text(
            "legalProvision",
            input.legal_provision,
            2000,
            &mut model.legal_provision,
        )?;
        match input.count {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => model.count = None,
            MaybeUndefined::Value(n) => model.count = count(Some(n))?,
        }
        if let Some(disposition) = input.disposition {
            model.disposition = disposition.as_db().into();
        }
        if let Some(visibility) = input.visibility {
            model.visibility = visibility.as_db().into();
        }
        model.version = before.version + 1;
        model.updated_at = Utc::now();
        let stored = update_audited::<charge::Entity, _>(
            &txn,
            state.viewer,
            &before,
            model,
            expected_version,
        )
        .await?;
        txn.commit().await?;
        Ok(Charge::from(stored))
    }
}
