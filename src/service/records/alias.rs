//! Aliases: other names of a record, in other scripts and spellings. Hidden whenever
//! their record is.

use entity::alias::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldResult, NAME_MAX};
use crate::service::records::{Allowed, Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::vocab::{AliasKind, Visibility};

record!(alias, Alias, Name, CreatedAt, CreatedAt);

/// A new alias.
pub struct NewAlias {
    /// The named record (agency, branch, facility, person, organization, trial, source).
    pub subject: (NodeType, Uuid),
    pub name: String,
    /// BCP 47.
    pub language: Option<String>,
    /// ISO 15924.
    pub script: Option<String>,
    pub kind: AliasKind,
    /// Public when omitted: an alias is hidden whenever its record is.
    pub visibility: Option<Visibility>,
}

/// Changes to an alias.
#[derive(Default)]
pub struct AliasPatch {
    pub name: Option<String>,
    pub language: Change<String>,
    pub script: Change<String>,
    pub kind: Option<AliasKind>,
    pub visibility: Option<Visibility>,
}

impl Kind for alias::Entity {
    type New = NewAlias;
    type Patch = AliasPatch;
    const REFS: &'static [Ref] =
        &[Ref::typed("subject_id", "subject_type", Allowed::Named).called("recordId")];

    fn build(new: NewAlias, stamp: Stamp) -> Model {
        Model {
            id: stamp.id,
            created_at: stamp.now,
            updated_at: stamp.now,
            visibility: new.visibility.unwrap_or(Visibility::Public).as_db().into(),
            effective_visibility: String::new(),
            version: 1,
            archived_at: None,
            subject_type: new.subject.0.table().into(),
            subject_id: new.subject.1,
            name: new.name,
            language: new.language,
            script: new.script,
            kind: new.kind.as_db().into(),
        }
    }

    fn apply(model: &mut Model, patch: AliasPatch) {
        set(&mut model.name, patch.name);
        patch.language.apply(&mut model.language);
        patch.script.apply(&mut model.script);
        set(&mut model.kind, patch.kind.map(|k| k.as_db().into()));
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::text(&mut m.name, "name", NAME_MAX)?;
        fields::tag(&mut m.language, "language", 16)?;
        fields::tag(&mut m.script, "script", 8)?;
        fields::one_of(&m.kind, "kind", AliasKind::parse, AliasKind::accepted)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[("name", Some(m.name.as_str()))])
    }
}
