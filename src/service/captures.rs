//! Adding a capture: its content goes into the evidence store first (streamed, hashed
//! on the way), then its record through the door. Content stored for a capture whose
//! record is then refused stays in the store, unnamed by any record: harmless, and
//! named again if the same content is added later.

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Utc};
use entity::capture;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::evidence::Store;
use crate::service::records::capture::NewCapture;
use crate::service::vocab::Visibility;
use crate::service::write::{self, Author};

/// What is said of content being added.
pub struct Described {
    pub source_id: Uuid,
    /// Guessed from the file's name when not given.
    pub media_type: Option<String>,
    pub captured_at: Option<DateTime<Utc>>,
    pub url: Option<String>,
    pub captured_by: Option<String>,
    pub visibility: Option<Visibility>,
}

/// Stores the file at `path` and records it as a capture of its source.
pub async fn add_file(
    db: &DatabaseConnection,
    store: &Store,
    author: impl Into<Author>,
    path: &Path,
    described: Described,
) -> AppResult<capture::Model> {
    let file = std::fs::File::open(path)
        .map_err(|e| AppError::bad_input(format!("the file could not be read: {e}")))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    add(db, store, author, file, name.as_deref(), described).await
}

/// Stores what `content` yields and records it as a capture of its source; `name` (the
/// file's name, when known) gives the media type when `described` does not.
pub async fn add(
    db: &DatabaseConnection,
    store: &Store,
    author: impl Into<Author>,
    content: impl Read + Send + 'static,
    name: Option<&str>,
    described: Described,
) -> AppResult<capture::Model> {
    let author = author.into();
    // Before the content is stored: a caller who may not write stores nothing.
    write::require_writer(author.viewer)?;
    let media_type = described.media_type.clone().unwrap_or_else(|| {
        mime_guess::from_path(name.unwrap_or_default())
            .first_or_octet_stream()
            .essence_str()
            .to_owned()
    });
    let store_for_copy = store.clone();
    let stored = tokio::task::spawn_blocking(move || store_for_copy.put(content))
        .await
        .map_err(AppError::internal)?
        .map_err(|e| AppError::bad_input(format!("the file could not be read: {e}")))?;
    // Its text, when it is text, with it: citations pinned into it are checked there.
    let txn = write::begin_write(db).await?;
    crate::service::capture_texts::keep_stored(&txn, store, &stored.sha256, &media_type).await?;
    let capture = write::create_in::<capture::Entity, _>(
        &txn,
        author,
        NewCapture {
            source_id: described.source_id,
            sha256: stored.sha256,
            size: stored.size,
            media_type,
            captured_at: described.captured_at,
            url: described.url,
            captured_by: described.captured_by,
            visibility: described.visibility,
        },
        Vec::new(),
    )
    .await?;
    txn.commit().await?;
    Ok(capture)
}
