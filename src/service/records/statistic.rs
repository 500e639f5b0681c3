//! Statistics: figures a source claims ("30,000 died in Sednaya 2011–2018"). Conflicting
//! figures are all kept, each with its claimant; nothing here prefers one.

use entity::statistic::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldError, FieldResult, LONG_TEXT_MAX};
use crate::service::records::{Allowed, Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::{Approximation, StatisticSubjectKind, Visibility};

record!(statistic, Statistic, Metric, PeriodEarliest, PeriodLatest);

/// The unit stored when none is given.
pub const DEFAULT_UNIT: &str = "persons";

/// What a figure may be about (besides a whole country).
pub const SUBJECTS: &[NodeType] = &[NodeType::Facility, NodeType::Branch, NodeType::Agency];

/// A new statistic.
pub struct NewStatistic {
    /// snake_case, e.g. `deaths_in_detention`.
    pub metric: String,
    pub value_min: Option<i64>,
    pub value_max: Option<i64>,
    /// Exact when omitted.
    pub approximation: Option<Approximation>,
    /// `persons` when omitted.
    pub unit: Option<String>,
    /// EDTF.
    pub period: Option<String>,
    pub subject_kind: StatisticSubjectKind,
    /// The facility, branch or agency; none for a country.
    pub subject_id: Option<Uuid>,
    pub country: Option<String>,
    pub claimant_id: Option<Uuid>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Changes to a statistic; the result is checked as a whole.
#[derive(Default)]
pub struct StatisticPatch {
    pub metric: Option<String>,
    pub value_min: Change<i64>,
    pub value_max: Change<i64>,
    pub approximation: Option<Approximation>,
    pub unit: Option<String>,
    pub period: Change<String>,
    pub subject_kind: Option<StatisticSubjectKind>,
    pub subject_id: Change<Uuid>,
    pub country: Change<String>,
    pub claimant_id: Change<Uuid>,
    pub description: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for statistic::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("unit", 32),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewStatistic;
    type Patch = StatisticPatch;
    const REFS: &'static [Ref] = &[
        Ref::typed("subject_id", "subject_type", Allowed::List(SUBJECTS)),
        Ref::to("claimant_id", NodeType::Organization),
    ];

    fn build(new: NewStatistic, stamp: Stamp) -> Model {
        Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(Visibility::Public).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            metric: new.metric,
            value_min: new.value_min,
            value_max: new.value_max,
            approximation: new
                .approximation
                .unwrap_or(Approximation::Exact)
                .as_db()
                .into(),
            unit: new.unit.unwrap_or_else(|| DEFAULT_UNIT.into()),
            period: new.period,
            period_earliest: None,
            period_latest: None,
            subject_type: new.subject_kind.as_db().into(),
            subject_id: new.subject_id,
            country: new.country,
            claimant_id: new.claimant_id,
            description: new.description,
        }
    }

    fn apply(model: &mut Model, patch: StatisticPatch) {
        set(&mut model.metric, patch.metric);
        patch.value_min.apply(&mut model.value_min);
        patch.value_max.apply(&mut model.value_max);
        set(
            &mut model.approximation,
            patch.approximation.map(|a| a.as_db().into()),
        );
        set(&mut model.unit, patch.unit);
        patch.period.apply(&mut model.period);
        set(
            &mut model.subject_type,
            patch.subject_kind.map(|k| k.as_db().into()),
        );
        patch.subject_id.apply(&mut model.subject_id);
        patch.country.apply(&mut model.country);
        patch.claimant_id.apply(&mut model.claimant_id);
        patch.description.apply(&mut model.description);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::code(&mut m.metric, "metric", 64)?;
        match (m.value_min, m.value_max) {
            (None, None) => {
                return Err(FieldError::new(
                    "value_min",
                    "give at least one of `valueMin` and `valueMax`",
                )
                .at("valueMin/valueMax"));
            }
            (Some(min), _) if min < 0 => {
                return Err(FieldError::new("value_min", "must not be negative"));
            }
            (_, Some(max)) if max < 0 => {
                return Err(FieldError::new("value_max", "must not be negative"));
            }
            (Some(min), Some(max)) if min > max => {
                return Err(FieldError::new(
                    "value_min",
                    "must not be greater than `valueMax`",
                ));
            }
            _ => {}
        }
        fields::one_of(
            &m.approximation,
            "approximation",
            Approximation::parse,
            Approximation::accepted,
        )?;
        fields::text(&mut m.unit, "unit", 32)?;
        fields::edtf(
            &mut m.period,
            &mut m.period_earliest,
            &mut m.period_latest,
            "period",
        )?;
        fields::one_of(
            &m.subject_type,
            "subject_type",
            StatisticSubjectKind::parse,
            StatisticSubjectKind::accepted,
        )
        .map_err(|e| e.at("subjectKind"))?;
        fields::country(&mut m.country, "country")?;
        let country = m.subject_type == StatisticSubjectKind::Country.as_db();
        match (country, m.subject_id) {
            (true, Some(_)) => Err(FieldError::new(
                "subject_id",
                "omit it for a country figure; give the country in `country`",
            )),
            (true, None) if m.country.is_none() => Err(FieldError::new(
                "country",
                "give the country a country figure is about, e.g. `SY`",
            )),
            (false, None) => Err(FieldError::new(
                "subject_id",
                format!("give the {} this figure is about", m.subject_type),
            )),
            _ => fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX),
        }
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("unit", Some(m.unit.as_str())),
            ("description", m.description.as_deref()),
        ])
    }
}
