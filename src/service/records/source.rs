//! Sources: the documents records cite.

use entity::source::{self, Model};
use uuid::Uuid;

use crate::ids::NodeType;
use crate::service::fields::{self, FieldResult, LONG_TEXT_MAX, NAME_MAX, TITLE_MAX};
use crate::service::records::{Change, Kind, Ref, Stamp, Text, record, set};
use crate::service::translations::Translatable;
use crate::service::vocab::{SourceKind, Visibility};

record!(source, Source, Title, PublishedEarliest, PublishedLatest);

/// A new source.
pub struct NewSource {
    pub slug: String,
    pub title: String,
    pub publisher_id: Option<Uuid>,
    /// The publisher's name when it is not an organization in the record.
    pub publisher_name: Option<String>,
    pub kind: SourceKind,
    /// BCP 47, e.g. `ar`.
    pub language: Option<String>,
    /// EDTF.
    pub published: Option<String>,
    pub url: Option<String>,
    /// Where a copy is kept.
    pub archive_ref: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Changes to a source.
#[derive(Default)]
pub struct SourcePatch {
    pub title: Option<String>,
    pub publisher_id: Change<Uuid>,
    pub publisher_name: Change<String>,
    pub kind: Option<SourceKind>,
    pub language: Change<String>,
    pub published: Change<String>,
    pub url: Change<String>,
    pub archive_ref: Change<String>,
    pub description: Change<String>,
    pub visibility: Option<Visibility>,
}

impl Kind for source::Entity {
    const TRANSLATABLE: &'static [Translatable] = &[
        Translatable::new("title", TITLE_MAX),
        Translatable::new("publisher_name", NAME_MAX),
        Translatable::new("description", LONG_TEXT_MAX),
    ];
    type New = NewSource;
    type Patch = SourcePatch;
    const REFS: &'static [Ref] = &[Ref::to("publisher_id", NodeType::Organization)];
    const SLUG: bool = true;
    const NAME: Option<&'static str> = Some("title");

    fn build(new: NewSource, stamp: Stamp) -> Model {
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
            title: new.title,
            publisher_id: new.publisher_id,
            publisher_name: new.publisher_name,
            kind: new.kind.as_db().into(),
            language: new.language,
            published: new.published,
            published_earliest: None,
            published_latest: None,
            url: new.url,
            archive_ref: new.archive_ref,
            description: new.description,
        }
    }

    fn apply(model: &mut Model, patch: SourcePatch) {
        set(&mut model.title, patch.title);
        patch.publisher_id.apply(&mut model.publisher_id);
        patch.publisher_name.apply(&mut model.publisher_name);
        set(&mut model.kind, patch.kind.map(|k| k.as_db().into()));
        patch.language.apply(&mut model.language);
        patch.published.apply(&mut model.published);
        patch.url.apply(&mut model.url);
        patch.archive_ref.apply(&mut model.archive_ref);
        patch.description.apply(&mut model.description);
        set(
            &mut model.visibility,
            patch.visibility.map(|v| v.as_db().into()),
        );
    }

    fn check(m: &mut Model) -> FieldResult {
        fields::slug(&mut m.slug)?;
        fields::text(&mut m.title, "title", TITLE_MAX)?;
        fields::opt_text(&mut m.publisher_name, "publisher_name", NAME_MAX)?;
        fields::one_of(&m.kind, "kind", SourceKind::parse, SourceKind::accepted)?;
        fields::tag(&mut m.language, "language", 16)?;
        fields::edtf(
            &mut m.published,
            &mut m.published_earliest,
            &mut m.published_latest,
            "published",
        )?;
        fields::url(&mut m.url, "url")?;
        fields::opt_text(&mut m.archive_ref, "archive_ref", NAME_MAX)?;
        fields::opt_text(&mut m.description, "description", LONG_TEXT_MAX)
    }

    fn texts(m: &Model) -> Vec<Text<'_>> {
        Text::all(&[
            ("slug", Some(m.slug.as_str())),
            ("title", Some(m.title.as_str())),
            ("publisher_name", m.publisher_name.as_deref()),
            ("description", m.description.as_deref()),
            ("url", m.url.as_deref()),
            ("archive_ref", m.archive_ref.as_deref()),
        ])
    }
}
