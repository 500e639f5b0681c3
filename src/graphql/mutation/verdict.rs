//! Creating and changing verdicts.

use async_graphql::{ID, InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{
    IntoDomain, change, change_of, create_and_update, id_of, opt_id, visibility,
};
use crate::graphql::types::{AppealStatus, Verdict, VerdictOutcome, Visibility};
use crate::ids::NodeType;
use crate::service::records::verdict::{NewVerdict, VerdictPatch};

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

impl IntoDomain for CreateVerdictInput {
    type Domain = NewVerdict;
    fn into_domain(self) -> Result<NewVerdict> {
        Ok(NewVerdict {
            trial_id: id_of("trialId", NodeType::Trial, &self.trial_id)?,
            person_id: id_of("personId", NodeType::Person, &self.person_id)?,
            date: self.date,
            outcome: self.outcome.into(),
            sentence: self.sentence,
            sentence_months: self.sentence_months,
            life_sentence: self.life_sentence.unwrap_or(false),
            appeal_status: self.appeal_status.map(Into::into),
            description: self.description,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateVerdictInput {
    type Domain = VerdictPatch;
    fn into_domain(self) -> Result<VerdictPatch> {
        Ok(VerdictPatch {
            trial_id: opt_id("trialId", NodeType::Trial, self.trial_id.as_ref())?,
            person_id: opt_id("personId", NodeType::Person, self.person_id.as_ref())?,
            date: change(self.date),
            outcome: self.outcome.map(Into::into),
            sentence: change(self.sentence),
            sentence_months: change(self.sentence_months),
            life_sentence: self.life_sentence,
            appeal_status: change_of(self.appeal_status),
            description: change(self.description),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "VerdictMutation", entity: verdict, output: Verdict,
    /// Adds one defendant's verdict in a trial. Editors and admins.
    create: create_verdict(CreateVerdictInput, "The verdict."),
    /// Changes a verdict; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    update: update_verdict(UpdateVerdictInput),
}
