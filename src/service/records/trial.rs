//! Trials: proceedings before a court.

use entity::trial::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldResult, LONG_TEXT_MAX, NAME_MAX};
use crate::service::records::{Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::{LegalBasis, TrialStatus, Visibility};

record!(trial, Trial, Name, PeriodEarliest, PeriodLatest);

/// A new trial.
pub struct NewTrial {
    pub slug: String,
    pub name: String,
    pub court_id: Option<Uuid>,
    pub country: Option<String>,
    pub legal_basis: Option<LegalBasis>,
    pub case_reference: Option<String>,
    /// EDTF.
    pub period: Option<String>,
    pub status: TrialStatus,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Changes to a trial.
#[derive(Default)]
pub struct TrialPatch {
    pub name: Option<String>,
    pub court_id: Change<Uuid>,
    pub country: Change<String>,
    pub legal_basis: Change<LegalBasis>,
    pub case_reference: Change<String>,
    pub period: Change<String>,
    pub status: Option<TrialStatus>,
    pub description: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for trial::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("name", NAME_MAX),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewTrial;
    type Patch = TrialPatch;
    const REFS: &'static [Ref] = &[Ref::to("court_id", NodeType::Organization)];
    const SLUG: bool = true;
    const NAME: Option<&'static str> = Some("name");

    fn build(new: NewTrial, stamp: Stamp) -> Model {
        Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(Visibility::Public).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            slug: new.slug,
            name: new.name,
            court_id: new.court_id,
            country: new.country,
            legal_basis: new.legal_basis.map(|b| b.as_db().into()),
            case_reference: new.case_reference,
            period: new.period,
            period_earliest: None,
            period_latest: None,
            status: new.status.as_db().into(),
            description: new.description,
        }
    }

    fn apply(model: &mut Model, patch: TrialPatch) {
        set(&mut model.name, patch.name);
        patch.court_id.apply(&mut model.court_id);
        patch.country.apply(&mut model.country);
        patch
            .legal_basis
            .map(|b| b.as_db().to_owned())
            .apply(&mut model.legal_basis);
        patch.case_reference.apply(&mut model.case_reference);
        patch.period.apply(&mut model.period);
        set(&mut model.status, patch.status.map(|s| s.as_db().into()));
        patch.description.apply(&mut model.description);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::slug(&mut m.slug)?;
        fields::text(&mut m.name, "name", NAME_MAX)?;
        fields::country(&mut m.country, "country")?;
        fields::opt_one_of(
            &m.legal_basis,
            "legal_basis",
            LegalBasis::parse,
            LegalBasis::accepted,
        )?;
        fields::opt_text(&mut m.case_reference, "case_reference", 128)?;
        fields::edtf(
            &mut m.period,
            &mut m.period_earliest,
            &mut m.period_latest,
            "period",
        )?;
        fields::one_of(
            &m.status,
            "status",
            TrialStatus::parse,
            TrialStatus::accepted,
        )?;
        fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("slug", Some(m.slug.as_str())),
            ("name", Some(m.name.as_str())),
            ("case_reference", m.case_reference.as_deref()),
            ("description", m.description.as_deref()),
        ])
    }
}
