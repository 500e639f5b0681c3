use async_graphql::{Context, ID, Result, SimpleObject};
use entity::source;

use crate::error::AppError;
use crate::graphql::connection::one;
use crate::graphql::context::RequestState;
use crate::graphql::scalars::DateTime;
use crate::graphql::types::{CaptureProblem, CustodyAction, Source, record_object};
use crate::service::access::Role;

record_object! {
    /// A fixed copy of a source's content — a page's HTML or WARC, a PDF, an image, a
    /// video, a statement's text — kept in the evidence store under its SHA-256, so
    /// anyone can check that the copy is the one collected. Hidden whenever its source is.
    Capture(capture) {
        /// The source this is a copy of.
        async fn source(&self, ctx: &Context<'_>) -> Result<Option<Source>> {
            one::<source::Entity, Source>(ctx, self.1, self.0.source_id).await
        }

        /// The SHA-256 of the content, in lowercase hexadecimal: its name in the store.
        async fn sha256(&self) -> &str {
            &self.0.sha256
        }

        /// The content's size in bytes.
        async fn size(&self) -> i64 {
            self.0.size
        }

        /// The content's media type, e.g. `text/html`, `application/pdf`, `video/mp4`.
        async fn media_type(&self) -> &str {
            &self.0.media_type
        }

        /// When the content was collected; null when not known.
        async fn captured_at(&self) -> Option<DateTime> {
            self.0.captured_at.map(DateTime)
        }

        /// Where it was collected from.
        async fn url(&self) -> Option<&str> {
            self.0.url.as_deref()
        }

        /// Who collected it, as they are named.
        async fn captured_by(&self) -> Option<&str> {
            self.0.captured_by.as_deref()
        }

        /// Where to read the content: `GET` this path (relative to the server) with the
        /// same key; it answers with the media type, `ETag` the SHA-256, and byte ranges.
        async fn content_url(&self) -> String {
            format!("/evidence/{}", self.0.sha256)
        }

        /// Whether the stored file is there and hashes to `sha256` (recomputed when the
        /// file has changed since it was last checked; `verifyCaptures` always re-reads).
        async fn verified(&self, ctx: &Context<'_>) -> Result<bool> {
            let store = ctx.data::<crate::evidence::Store>()?;
            let state =
                crate::evidence::verify::check_remembered(store, &self.0.sha256, self.0.size).await?;
            Ok(state == crate::evidence::FileState::Intact)
        }

        /// Who added it, changed what is said of it, read its content or exported it,
        /// oldest first. Admins only.
        #[graphql(inaccessible)]
        async fn custody(&self, ctx: &Context<'_>) -> Result<Vec<CustodyEntry>> {
            let state = RequestState::of(ctx)?;
            if state.viewer.role != Role::Admin {
                return Err(AppError::Forbidden("a capture's chain of custody is for admins".into()).into());
            }
            let mut found = crate::service::custody::of(&state.db, &[self.0.id]).await?;
            Ok(found
                .remove(&self.0.id)
                .unwrap_or_default()
                .into_iter()
                .map(CustodyEntry::from)
                .collect())
        }
    }
}

/// One entry of a capture's chain of custody.
#[derive(SimpleObject)]
pub struct CustodyEntry {
    /// When.
    at: DateTime,
    /// What happened.
    action: CustodyAction,
    /// The role of who did it.
    role: String,
    /// The name of their API key, when they had one.
    key_name: Option<String>,
    /// What it concerned: the write's reason, an export's file, the byte range read.
    detail: Option<String>,
}

impl From<crate::service::custody::Custody> for CustodyEntry {
    fn from(entry: crate::service::custody::Custody) -> Self {
        CustodyEntry {
            at: DateTime(entry.at),
            action: entry.action.into(),
            role: entry.role,
            key_name: entry.key_name,
            detail: entry.detail,
        }
    }
}

/// What verifying the evidence store found.
#[derive(SimpleObject)]
pub struct CaptureVerification {
    /// Captures checked (archived ones too).
    checked: u64,
    /// Captures whose file is missing or altered; empty when all hold.
    problems: Vec<FileProblem>,
}

/// A capture whose file is not as its record says.
#[derive(SimpleObject)]
pub struct FileProblem {
    /// The capture's id.
    capture_id: ID,
    /// The SHA-256 its record gives.
    sha256: String,
    /// What is wrong.
    problem: CaptureProblem,
}

impl From<crate::evidence::verify::Report> for CaptureVerification {
    fn from(report: crate::evidence::verify::Report) -> Self {
        CaptureVerification {
            checked: report.checked,
            problems: report
                .findings
                .into_iter()
                .map(|f| FileProblem {
                    capture_id: ID(crate::ids::encode_id(
                        crate::ids::NodeType::Capture,
                        f.capture,
                    )),
                    sha256: f.sha256,
                    problem: f.problem.into(),
                })
                .collect(),
        }
    }
}
