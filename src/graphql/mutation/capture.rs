//! Changing what is said of a capture. Its content, hash and source never change: a
//! different copy is another capture (`daleel capture add`).

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::capture;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::{IntoDomain, change, id_of, visibility};
use crate::graphql::scalars::DateTime;
use crate::graphql::types::{Capture, Visibility};
use crate::ids::NodeType;
use crate::service::records::Change;
use crate::service::records::capture::CapturePatch;
use crate::service::write;

/// Changes to a capture: omitted fields stay; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateCaptureInput {
    /// Its media type, e.g. `text/html`.
    pub media_type: Option<String>,
    /// When it was collected, or null when not known.
    pub captured_at: MaybeUndefined<DateTime>,
    /// Where it was collected from, or null.
    pub url: MaybeUndefined<String>,
    /// Who collected it, or null.
    pub captured_by: MaybeUndefined<String>,
    /// Who may read it (never less hidden than its source).
    pub visibility: Option<Visibility>,
}

impl IntoDomain for UpdateCaptureInput {
    type Domain = CapturePatch;
    fn into_domain(self) -> Result<CapturePatch> {
        Ok(CapturePatch {
            media_type: self.media_type,
            captured_at: match self.captured_at {
                MaybeUndefined::Undefined => Change::Keep,
                MaybeUndefined::Null => Change::Clear,
                MaybeUndefined::Value(at) => Change::Set(at.0),
            },
            url: change(self.url),
            captured_by: change(self.captured_by),
            visibility: visibility(self.visibility),
        })
    }
}

#[derive(Default)]
pub struct Mutation;

#[Object(name = "CaptureMutation")]
impl Mutation {
    /// Changes what is said of a capture (media type, when, where from, by whom, who
    /// may read it); a stale `expectedVersion` is a CONFLICT. Editors and admins.
    async fn update_capture(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The capture's id.")] id: ID,
        #[graphql(desc = "The `version` you read; a stale one is a CONFLICT error.")]
        expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateCaptureInput,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<Capture> {
        let state = RequestState::of(ctx)?;
        let author = write::Author::new(state.viewer, reason)?;
        let uuid = id_of("id", NodeType::Capture, &id)?;
        let patch = input.into_domain()?;
        let stored =
            write::update::<capture::Entity>(&state.db, author, uuid, expected_version, patch)
                .await?;
        Ok(Capture::from(stored))
    }
}
