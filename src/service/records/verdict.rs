//! Verdicts: one defendant's judgment in a trial.

use entity::verdict::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldResult, LONG_TEXT_MAX, TITLE_MAX};
use crate::service::records::{Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::{AppealStatus, VerdictOutcome, Visibility};

record!(verdict, Verdict, DateEarliest, DateEarliest, DateLatest);

/// The longest fixed term accepted, in months (100 years).
pub const MAX_SENTENCE_MONTHS: i64 = 1200;

/// A new verdict.
pub struct NewVerdict {
    pub trial_id: Uuid,
    pub person_id: Uuid,
    /// EDTF.
    pub date: Option<String>,
    pub outcome: VerdictOutcome,
    /// As the source words it, e.g. `life imprisonment`.
    pub sentence: Option<String>,
    pub sentence_months: Option<i32>,
    pub life_sentence: bool,
    pub appeal_status: Option<AppealStatus>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Changes to a verdict.
#[derive(Default)]
pub struct VerdictPatch {
    pub trial_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub date: Change<String>,
    pub outcome: Option<VerdictOutcome>,
    pub sentence: Change<String>,
    pub sentence_months: Change<i32>,
    pub life_sentence: Option<bool>,
    pub appeal_status: Change<AppealStatus>,
    pub description: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for verdict::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("sentence", TITLE_MAX),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewVerdict;
    type Patch = VerdictPatch;
    const REFS: &'static [Ref] = &[
        Ref::to("trial_id", NodeType::Trial),
        Ref::to("person_id", NodeType::Person),
    ];

    fn build(new: NewVerdict, stamp: Stamp) -> Model {
        Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(Visibility::Public).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            trial_id: new.trial_id,
            person_id: new.person_id,
            date: new.date,
            date_earliest: None,
            date_latest: None,
            outcome: new.outcome.as_db().into(),
            sentence: new.sentence,
            sentence_months: new.sentence_months,
            life_sentence: new.life_sentence,
            appeal_status: new.appeal_status.map(|s| s.as_db().into()),
            description: new.description,
        }
    }

    fn apply(model: &mut Model, patch: VerdictPatch) {
        set(&mut model.trial_id, patch.trial_id);
        set(&mut model.person_id, patch.person_id);
        patch.date.apply(&mut model.date);
        set(&mut model.outcome, patch.outcome.map(|o| o.as_db().into()));
        patch.sentence.apply(&mut model.sentence);
        patch.sentence_months.apply(&mut model.sentence_months);
        set(&mut model.life_sentence, patch.life_sentence);
        patch
            .appeal_status
            .map(|s| s.as_db().to_owned())
            .apply(&mut model.appeal_status);
        patch.description.apply(&mut model.description);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::edtf(
            &mut m.date,
            &mut m.date_earliest,
            &mut m.date_latest,
            "date",
        )?;
        fields::one_of(
            &m.outcome,
            "outcome",
            VerdictOutcome::parse,
            VerdictOutcome::accepted,
        )?;
        fields::opt_text(&mut m.sentence, "sentence", TITLE_MAX)?;
        fields::within(
            m.sentence_months.map(i64::from),
            "sentence_months",
            0..=MAX_SENTENCE_MONTHS,
        )?;
        fields::opt_one_of(
            &m.appeal_status,
            "appeal_status",
            AppealStatus::parse,
            AppealStatus::accepted,
        )?;
        fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("sentence", m.sentence.as_deref()),
            ("description", m.description.as_deref()),
        ])
    }
}
