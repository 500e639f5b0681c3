//! Sanctions: listings of a branch or a person by an authority.

use entity::sanction::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldError, FieldResult, LONG_TEXT_MAX, NAME_MAX};
use crate::service::records::{Allowed, Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::Visibility;

record!(
    sanction,
    Sanction,
    AuthorityName,
    ListedEarliest,
    ListedLatest
);

/// What a sanction may list.
pub const TARGETS: &[NodeType] = &[NodeType::Branch, NodeType::Person];

/// A new sanction.
pub struct NewSanction {
    /// The branch or person listed.
    pub target: (NodeType, Uuid),
    pub authority_id: Option<Uuid>,
    /// The authority's name as the source gives it.
    pub authority_name: Option<String>,
    pub program: Option<String>,
    /// EDTF.
    pub listed: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Changes to a sanction.
#[derive(Default)]
pub struct SanctionPatch {
    pub target: Option<(NodeType, Uuid)>,
    pub authority_id: Change<Uuid>,
    pub authority_name: Change<String>,
    pub program: Change<String>,
    pub listed: Change<String>,
    pub description: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for sanction::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("authority_name", NAME_MAX),
        Translatable::new("program", NAME_MAX),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewSanction;
    type Patch = SanctionPatch;
    const REFS: &'static [Ref] = &[
        Ref::typed("target_id", "target_type", Allowed::List(TARGETS)),
        Ref::to("authority_id", NodeType::Organization),
    ];

    fn build(new: NewSanction, stamp: Stamp) -> Model {
        Model {
            translations: None,
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(Visibility::Public).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            target_type: new.target.0.table().into(),
            target_id: new.target.1,
            authority_id: new.authority_id,
            authority_name: new.authority_name,
            program: new.program,
            listed: new.listed,
            listed_earliest: None,
            listed_latest: None,
            description: new.description,
        }
    }

    fn apply(model: &mut Model, patch: SanctionPatch) {
        if let Some((node, id)) = patch.target {
            model.target_type = node.table().into();
            model.target_id = id;
        }
        patch.authority_id.apply(&mut model.authority_id);
        patch.authority_name.apply(&mut model.authority_name);
        patch.program.apply(&mut model.program);
        patch.listed.apply(&mut model.listed);
        patch.description.apply(&mut model.description);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::opt_text(&mut m.authority_name, "authority_name", NAME_MAX)?;
        fields::opt_text(&mut m.program, "program", NAME_MAX)?;
        fields::edtf(
            &mut m.listed,
            &mut m.listed_earliest,
            &mut m.listed_latest,
            "listed",
        )?;
        fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX)?;
        if m.authority_id.is_none() && m.authority_name.is_none() {
            return Err(FieldError::new(
                "authority_id",
                "give the authority, as an organization id or as `authorityName`",
            ));
        }
        Ok(())
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("authority_name", m.authority_name.as_deref()),
            ("program", m.program.as_deref()),
            ("description", m.description.as_deref()),
        ])
    }
}
