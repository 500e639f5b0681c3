//! Adding a capture by upload, and changing what is said of one. Its content, hash and
//! source never change: a different copy is another capture.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, Upload};
use entity::capture;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::{IntoDomain, change, id_of, visibility};
use crate::graphql::scalars::DateTime;
use crate::graphql::types::{Capture, Visibility};
use crate::ids::NodeType;
use crate::service::records::Change;
use crate::service::records::capture::CapturePatch;
use crate::service::write;

/// A new capture: the file, and what is said of it.
#[derive(InputObject)]
pub struct AddCaptureInput {
    /// The source it is a copy of.
    pub source_id: ID,
    /// The content, as a multipart upload (the GraphQL multipart request spec): streamed
    /// to disk as it arrives, at most `--max-upload-bytes`.
    pub file: Upload,
    /// Its media type; from the upload's, or its file name, when omitted.
    pub media_type: Option<String>,
    /// When it was collected; unknown when omitted.
    pub captured_at: Option<DateTime>,
    /// Where it was collected from.
    pub url: Option<String>,
    /// Who collected it, as they are named.
    pub captured_by: Option<String>,
    /// Who may read it; public when omitted (never less hidden than its source).
    pub visibility: Option<Visibility>,
}

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
    /// Adds a capture of a source from an uploaded file (a multipart request): the file
    /// is stored under its SHA-256, then recorded. Editors and admins.
    async fn add_capture(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The capture.")] input: AddCaptureInput,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<Capture> {
        let state = RequestState::of(ctx)?;
        let author = write::Author::new(state.viewer, reason)?;
        let source_id = id_of("sourceId", NodeType::Source, &input.source_id)?;
        let upload = input.file.value(ctx)?;
        let media_type = input.media_type.or_else(|| {
            upload
                .content_type
                .clone()
                .filter(|t| !t.starts_with("application/octet-stream"))
        });
        let store = ctx.data::<crate::evidence::Store>()?;
        let described = crate::service::captures::Described {
            source_id,
            media_type,
            captured_at: input.captured_at.map(|at| at.0),
            url: input.url,
            captured_by: input.captured_by,
            visibility: visibility(input.visibility),
        };
        let stored = crate::service::captures::add(
            &state.db,
            store,
            author,
            upload.content,
            Some(upload.filename.as_str()),
            described,
        )
        .await?;
        Ok(Capture::from(stored))
    }

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
