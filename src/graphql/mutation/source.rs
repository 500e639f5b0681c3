//! Creating and changing sources.

use async_graphql::{ID, InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{
    IntoDomain, change, change_id, create_and_update, opt_id, visibility,
};
use crate::graphql::types::{Source, SourceKind, Visibility};
use crate::ids::NodeType;
use crate::service::records::source::{NewSource, SourcePatch};

/// A new source.
#[derive(InputObject)]
pub struct CreateSourceInput {
    /// Stable key: lowercase words joined by hyphens, e.g. `snhr-statement-2022-01-13`.
    pub slug: String,
    /// The document's title.
    pub title: String,
    /// The id of the organization that published it, when it is in the record.
    pub publisher_id: Option<ID>,
    /// The publisher's name as given, when it is not an organization in the record.
    pub publisher_name: Option<String>,
    /// What kind of document it is.
    pub kind: SourceKind,
    /// Its language, BCP 47 (e.g. `en`, `ar`).
    pub language: Option<String>,
    /// When it was published (EDTF, e.g. `2022-01-13`, `2017-02`).
    pub published: Option<String>,
    /// Where it can be read, an http:// or https:// address.
    pub url: Option<String>,
    /// Where the project keeps its copy.
    pub archive_ref: Option<String>,
    /// What the document is, in brief.
    pub description: Option<String>,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a source: omitted fields stay as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateSourceInput {
    /// A new title.
    pub title: Option<String>,
    /// The id of the organization that published it, or null.
    pub publisher_id: MaybeUndefined<ID>,
    /// A new publisher name, or null.
    pub publisher_name: MaybeUndefined<String>,
    /// A new kind.
    pub kind: Option<SourceKind>,
    /// A new language, or null.
    pub language: MaybeUndefined<String>,
    /// A new publication date (EDTF), or null.
    pub published: MaybeUndefined<String>,
    /// A new address, or null.
    pub url: MaybeUndefined<String>,
    /// A new archive reference, or null.
    pub archive_ref: MaybeUndefined<String>,
    /// A new description, or null.
    pub description: MaybeUndefined<String>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for CreateSourceInput {
    type Domain = NewSource;
    fn into_domain(self) -> Result<NewSource> {
        Ok(NewSource {
            slug: self.slug,
            title: self.title,
            publisher_id: opt_id(
                "publisherId",
                NodeType::Organization,
                self.publisher_id.as_ref(),
            )?,
            publisher_name: self.publisher_name,
            kind: self.kind.into(),
            language: self.language,
            published: self.published,
            url: self.url,
            archive_ref: self.archive_ref,
            description: self.description,
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateSourceInput {
    type Domain = SourcePatch;
    fn into_domain(self) -> Result<SourcePatch> {
        Ok(SourcePatch {
            title: self.title,
            publisher_id: change_id("publisherId", NodeType::Organization, self.publisher_id)?,
            publisher_name: change(self.publisher_name),
            kind: self.kind.map(Into::into),
            language: change(self.language),
            published: change(self.published),
            url: change(self.url),
            archive_ref: change(self.archive_ref),
            description: change(self.description),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "SourceMutation", entity: source, output: Source,
    /// Adds a source document. Editors and admins.
    create: create_source(CreateSourceInput, "The source."),
    /// Changes a source; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    update: update_source(UpdateSourceInput),
}
