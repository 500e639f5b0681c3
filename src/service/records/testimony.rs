//! Testimonies: a witness's account, given in a trial or about a facility. Restricted
//! unless stated otherwise (and hidden with the witness whenever the witness is).

use entity::testimony::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldError, FieldResult, LONG_TEXT_MAX};
use crate::service::records::{Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::Visibility;

record!(testimony, Testimony, CreatedAt, GivenEarliest, GivenLatest);

/// A testimony's visibility when none is stated: a witness's own account can harm them.
pub const DEFAULT_VISIBILITY: Visibility = Visibility::Restricted;

/// A new testimony.
pub struct NewTestimony {
    pub witness_id: Uuid,
    pub trial_id: Option<Uuid>,
    pub facility_id: Option<Uuid>,
    pub summary: String,
    /// EDTF.
    pub given: Option<String>,
    /// Restricted when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a testimony.
#[derive(Default)]
pub struct TestimonyPatch {
    pub witness_id: Option<Uuid>,
    pub trial_id: Change<Uuid>,
    pub facility_id: Change<Uuid>,
    pub summary: Option<String>,
    pub given: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for testimony::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[Translatable::new("summary", LONG_TEXT_MAX)];
    type New = NewTestimony;
    type Patch = TestimonyPatch;
    const REFS: &'static [Ref] = &[
        Ref::to("witness_id", NodeType::Person),
        Ref::to("trial_id", NodeType::Trial),
        Ref::to("facility_id", NodeType::Facility),
    ];

    fn build(new: NewTestimony, stamp: Stamp) -> Model {
        Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(DEFAULT_VISIBILITY).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            witness_id: new.witness_id,
            trial_id: new.trial_id,
            facility_id: new.facility_id,
            summary: new.summary,
            given: new.given,
            given_earliest: None,
            given_latest: None,
        }
    }

    fn apply(model: &mut Model, patch: TestimonyPatch) {
        set(&mut model.witness_id, patch.witness_id);
        patch.trial_id.apply(&mut model.trial_id);
        patch.facility_id.apply(&mut model.facility_id);
        set(&mut model.summary, patch.summary);
        patch.given.apply(&mut model.given);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::text(&mut m.summary, "summary", LONG_TEXT_MAX)?;
        fields::edtf(
            &mut m.given,
            &mut m.given_earliest,
            &mut m.given_latest,
            "given",
        )?;
        if m.trial_id.is_none() && m.facility_id.is_none() {
            return Err(FieldError::new(
                "trial_id",
                "give the trial it was given in, the facility it is about (`facilityId`), or both",
            ));
        }
        Ok(())
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[("summary", Some(m.summary.as_str()))])
    }
}
