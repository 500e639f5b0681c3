//! Verifying the evidence store against the records: every capture's file must be there
//! and hash to the capture's SHA-256 with its size (`daleel verify`, `verifyCaptures`).
//! Archived captures are checked too: their content is kept all the same.

use entity::capture;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::evidence::{FileState, Store};
use crate::service::vocab::CaptureProblem;

/// One capture whose file is not as its record says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub capture: Uuid,
    pub sha256: String,
    pub problem: CaptureProblem,
}

/// What a verification found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Captures checked.
    pub checked: u64,
    pub findings: Vec<Finding>,
}

/// Recomputes the hash of every capture's file.
pub async fn verify<C: ConnectionTrait>(db: &C, store: &Store) -> AppResult<Report> {
    let mut report = Report::default();
    let mut checked_files: std::collections::HashMap<(String, i64), FileState> =
        std::collections::HashMap::new();
    let mut pages = capture::Entity::find()
        .order_by_asc(capture::Column::Id)
        .paginate(db, 1_000);
    while let Some(page) = pages.fetch_and_next().await? {
        for capture in page {
            report.checked += 1;
            let key = (capture.sha256.clone(), capture.size);
            let state = match checked_files.get(&key) {
                Some(state) => *state,
                None => {
                    let state = check(store, &capture.sha256, capture.size).await?;
                    checked_files.insert(key, state);
                    state
                }
            };
            let problem = match state {
                FileState::Intact => continue,
                FileState::Missing => CaptureProblem::Missing,
                FileState::Altered => CaptureProblem::Altered,
            };
            report.findings.push(Finding {
                capture: capture.id,
                sha256: capture.sha256,
                problem,
            });
        }
    }
    Ok(report)
}

/// The state of one file, hashed off the async threads.
pub async fn check(store: &Store, sha256: &str, size: i64) -> AppResult<FileState> {
    checked(store, sha256, size, false).await
}

/// Like [`check`], reusing the last check of an unchanged file (`Capture.verified`).
pub async fn check_remembered(store: &Store, sha256: &str, size: i64) -> AppResult<FileState> {
    checked(store, sha256, size, true).await
}

async fn checked(store: &Store, sha256: &str, size: i64, remembered: bool) -> AppResult<FileState> {
    let (store, sha256) = (store.clone(), sha256.to_owned());
    tokio::task::spawn_blocking(move || {
        if remembered {
            store.check_remembered(&sha256, size)
        } else {
            store.check(&sha256, size)
        }
    })
    .await
    .map_err(AppError::internal)?
    .map_err(|e| AppError::Internal(format!("reading the evidence store: {e}").into()))
}
