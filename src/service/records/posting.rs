//! Postings: a person's position in a branch over a period.

use entity::posting::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldResult, LONG_TEXT_MAX, TITLE_MAX};
use crate::service::records::{Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::Visibility;

record!(posting, Posting, Role, PeriodEarliest, PeriodLatest);

/// A new posting.
pub struct NewPosting {
    pub person_id: Uuid,
    pub branch_id: Uuid,
    /// The role, normalised snake_case, e.g. `head_of_branch`.
    pub role: String,
    /// The title as the source words it.
    pub title: Option<String>,
    pub rank: Option<String>,
    /// EDTF.
    pub period: Option<String>,
    pub description: Option<String>,
    /// Public when omitted (it is hidden anyway while its person or branch is).
    pub visibility: Option<Visibility>,
}

/// Changes to a posting.
#[derive(Default)]
pub struct PostingPatch {
    pub person_id: Option<Uuid>,
    pub branch_id: Option<Uuid>,
    pub role: Option<String>,
    pub title: Change<String>,
    pub rank: Change<String>,
    pub period: Change<String>,
    pub description: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for posting::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("title", TITLE_MAX),
        Translatable::new("rank", 64),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewPosting;
    type Patch = PostingPatch;
    const REFS: &'static [Ref] = &[
        Ref::to("person_id", NodeType::Person),
        Ref::to("branch_id", NodeType::Branch),
    ];

    fn build(new: NewPosting, stamp: Stamp) -> Model {
        Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(Visibility::Public).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            person_id: new.person_id,
            branch_id: new.branch_id,
            role: new.role,
            title: new.title,
            rank: new.rank,
            period: new.period,
            period_earliest: None,
            period_latest: None,
            period_start_latest: None,
            period_end_earliest: None,
            description: new.description,
        }
    }

    fn apply(model: &mut Model, patch: PostingPatch) {
        set(&mut model.person_id, patch.person_id);
        set(&mut model.branch_id, patch.branch_id);
        set(&mut model.role, patch.role);
        patch.title.apply(&mut model.title);
        patch.rank.apply(&mut model.rank);
        patch.period.apply(&mut model.period);
        patch.description.apply(&mut model.description);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::code(&mut m.role, "role", 64)?;
        fields::opt_text(&mut m.title, "title", TITLE_MAX)?;
        fields::opt_text(&mut m.rank, "rank", 64)?;
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
        Text::all(&[
            ("title", m.title.as_deref()),
            ("rank", m.rank.as_deref()),
            ("description", m.description.as_deref()),
        ])
    }
}
