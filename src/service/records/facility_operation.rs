//! Facility operations: the periods in which a branch ran a facility.

use entity::facility_operation::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldResult, LONG_TEXT_MAX};
use crate::service::records::{Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::Visibility;

record!(
    facility_operation,
    FacilityOperation,
    PeriodEarliest,
    PeriodEarliest,
    PeriodLatest
);

/// A new facility operation.
pub struct NewFacilityOperation {
    pub facility_id: Uuid,
    pub branch_id: Uuid,
    /// EDTF.
    pub period: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Changes to a facility operation.
#[derive(Default)]
pub struct FacilityOperationPatch {
    pub facility_id: Option<Uuid>,
    pub branch_id: Option<Uuid>,
    pub period: Change<String>,
    pub description: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for facility_operation::Entity {
    const TRANSLATABLE: &'static [Translatable] =
        &[Translatable::new("description", LONG_TEXT_MAX)];
    type New = NewFacilityOperation;
    type Patch = FacilityOperationPatch;
    const REFS: &'static [Ref] = &[
        Ref::to("facility_id", NodeType::Facility),
        Ref::to("branch_id", NodeType::Branch),
    ];

    fn build(new: NewFacilityOperation, stamp: Stamp) -> Model {
        Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(Visibility::Public).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            facility_id: new.facility_id,
            branch_id: new.branch_id,
            period: new.period,
            period_earliest: None,
            period_latest: None,
            period_start_latest: None,
            period_end_earliest: None,
            description: new.description,
        }
    }

    fn apply(model: &mut Model, patch: FacilityOperationPatch) {
        set(&mut model.facility_id, patch.facility_id);
        set(&mut model.branch_id, patch.branch_id);
        patch.period.apply(&mut model.period);
        patch.description.apply(&mut model.description);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::edtf_period(
            &mut m.period,
            fields::PeriodBounds {
                earliest: &mut m.period_earliest,
                latest: &mut m.period_latest,
                start_latest: &mut m.period_start_latest,
                end_earliest: &mut m.period_end_earliest,
            },
            "period",
        )?;
        fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[("description", m.description.as_deref())])
    }
}
