//! Branches: units of an agency (Branch 251 "Al-Khatib Branch"), nested in one another
//! (the Investigation Department is part of Branch 251) without loops.

use entity::branch::{self, Model};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::service::fields::{self, FieldError, FieldResult, LONG_TEXT_MAX, NAME_MAX};
use crate::service::records::{Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::{BranchKind, Visibility};

record!(branch, Branch, Name, CreatedAt, CreatedAt);

/// How far up the parent chain the loop check looks.
const MAX_DEPTH: usize = 64;

/// A new branch.
pub struct NewBranch {
    pub slug: String,
    pub name: String,
    pub number: Option<String>,
    pub kind: Option<BranchKind>,
    pub agency_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub city: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Changes to a branch.
#[derive(Default)]
pub struct BranchPatch {
    pub name: Option<String>,
    pub number: Change<String>,
    pub kind: Change<BranchKind>,
    pub agency_id: Option<Uuid>,
    pub parent_id: Change<Uuid>,
    pub city: Change<String>,
    pub description: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for branch::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("name", NAME_MAX),
        Translatable::new("city", 128),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewBranch;
    type Patch = BranchPatch;
    const REFS: &'static [Ref] = &[
        Ref::to("agency_id", NodeType::Agency),
        Ref::to("parent_id", NodeType::Branch),
    ];
    const SLUG: bool = true;
    const NAME: Option<&'static str> = Some("name");

    fn build(new: NewBranch, stamp: Stamp) -> Model {
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
            number: new.number,
            kind: new.kind.map(|k| k.as_db().into()),
            agency_id: new.agency_id,
            parent_id: new.parent_id,
            city: new.city,
            description: new.description,
        }
    }

    fn apply(model: &mut Model, patch: BranchPatch) {
        set(&mut model.name, patch.name);
        patch.number.apply(&mut model.number);
        patch
            .kind
            .map(|k| k.as_db().to_owned())
            .apply(&mut model.kind);
        set(&mut model.agency_id, patch.agency_id);
        patch.parent_id.apply(&mut model.parent_id);
        patch.city.apply(&mut model.city);
        patch.description.apply(&mut model.description);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::slug(&mut m.slug)?;
        fields::text(&mut m.name, "name", NAME_MAX)?;
        fields::opt_text(&mut m.number, "number", 32)?;
        fields::opt_one_of(&m.kind, "kind", BranchKind::parse, BranchKind::accepted)?;
        fields::opt_text(&mut m.city, "city", 128)?;
        fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX)?;
        if m.parent_id == Some(m.id) {
            return Err(FieldError::new(
                "parent_id",
                "a branch cannot be its own parent",
            ));
        }
        Ok(())
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("slug", Some(m.slug.as_str())),
            ("name", Some(m.name.as_str())),
            ("number", m.number.as_deref()),
            ("city", m.city.as_deref()),
            ("description", m.description.as_deref()),
        ])
    }

    /// Refuses a parent that lies under the branch itself: the branches would form a
    /// loop. Walks up from the parent, at most `MAX_DEPTH` levels.
    async fn check_in<C: ConnectionTrait>(db: &C, model: &Model) -> AppResult<()> {
        let mut current = model.parent_id;
        for _ in 0..MAX_DEPTH {
            let Some(id) = current else {
                return Ok(());
            };
            if id == model.id {
                return Err(AppError::Invalid(FieldError::new(
                    "parent_id",
                    "that branch is part of this one, so it cannot also be its parent (the branches would form a loop)",
                )));
            }
            current = branch::Entity::find_by_id(id)
                .one(db)
                .await?
                .and_then(|b| b.parent_id);
        }
        Ok(())
    }
}
