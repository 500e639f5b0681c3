//! Charges: what a defendant was charged with or convicted of ("murder, 27 counts").

use entity::charge::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldResult, TITLE_MAX};
use crate::service::records::{Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::{ChargeDisposition, Visibility};

record!(charge, Charge, Crime, CreatedAt, CreatedAt);

/// A new charge.
pub struct NewCharge {
    pub verdict_id: Uuid,
    pub crime: String,
    pub legal_provision: Option<String>,
    /// Number of counts, at least 1.
    pub count: Option<i32>,
    pub disposition: ChargeDisposition,
    pub visibility: Option<Visibility>,
}

/// Changes to a charge.
#[derive(Default)]
pub struct ChargePatch {
    pub verdict_id: Option<Uuid>,
    pub crime: Option<String>,
    pub legal_provision: Change<String>,
    pub count: Change<i32>,
    pub disposition: Option<ChargeDisposition>,
    pub visibility: Option<Visibility>,
}

impl Kind for charge::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("crime", TITLE_MAX),
        Translatable::new("legal_provision", TITLE_MAX),
    ];
    type New = NewCharge;
    type Patch = ChargePatch;
    const REFS: &'static [Ref] = &[Ref::to("verdict_id", NodeType::Verdict)];

    fn build(new: NewCharge, stamp: Stamp) -> Model {
        Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(Visibility::Public).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            verdict_id: new.verdict_id,
            crime: new.crime,
            legal_provision: new.legal_provision,
            count: new.count,
            disposition: new.disposition.as_db().into(),
        }
    }

    fn apply(model: &mut Model, patch: ChargePatch) {
        set(&mut model.verdict_id, patch.verdict_id);
        set(&mut model.crime, patch.crime);
        patch.legal_provision.apply(&mut model.legal_provision);
        patch.count.apply(&mut model.count);
        set(
            &mut model.disposition,
            patch.disposition.map(|d| d.as_db().into()),
        );
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::text(&mut m.crime, "crime", TITLE_MAX)?;
        fields::opt_text(&mut m.legal_provision, "legal_provision", TITLE_MAX)?;
        fields::within(m.count.map(i64::from), "count", 1..=i64::from(i32::MAX))?;
        fields::one_of(
            &m.disposition,
            "disposition",
            ChargeDisposition::parse,
            ChargeDisposition::accepted,
        )
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("crime", Some(m.crime.as_str())),
            ("legal_provision", m.legal_provision.as_deref()),
        ])
    }
}
