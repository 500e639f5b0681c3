//! Bundles: a dataset with the content of its captures and their chain of custody, in
//! the BagIt layout (RFC 8493), so that a partner can check every byte before importing:
//!
//! ```text
//! bagit.txt                 BagIt-Version 1.0
//! manifest-sha256.txt       the SHA-256 of every file under data/
//! tagmanifest-sha256.txt    the SHA-256 of bagit.txt and manifest-sha256.txt
//! data/dataset.json         the exchange format (docs/exchange-format.md)
//! data/custody.json         the captures' reads and exports (capture_custody rows)
//! data/evidence/ab/abcd…    each capture's content, named by its SHA-256
//! ```
//!
//! Everything is written in a fixed order and form, so exporting what a bundle imported
//! gives the same bytes. An import checks the whole bundle before it writes anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use entity::capture_custody;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::evidence::{Store, sha256_of};
use crate::service::access::Viewer;
use crate::service::batch::padded;
use crate::service::exchange::{self, Dataset, ImportReport};
use crate::service::vocab::CustodyAction;
use crate::service::write::{Author, begin_write};

const BAGIT: &str = "bagit.txt";
const BAGIT_TEXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
const MANIFEST: &str = "manifest-sha256.txt";
const TAG_MANIFEST: &str = "tagmanifest-sha256.txt";
const DATASET: &str = "data/dataset.json";
const CUSTODY: &str = "data/custody.json";

/// Where a capture's content is in a bundle.
fn evidence_path(sha256: &str) -> String {
    format!("data/evidence/{}/{sha256}", sha256.get(..2).unwrap_or("00"))
}

/// What an export wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Written {
    /// Files under `data/`.
    pub files: usize,
    /// Captures whose content is in the bundle.
    pub captures: usize,
}

fn io(what: &str, e: std::io::Error) -> AppError {
    AppError::bad_input(format!("{what}: {e}"))
}

/// Writes the bundle of everything `viewer` may read (everything when `None`) into
/// `dir`, which must not exist or be empty, and notes the export in each capture's chain
/// of custody as `noted_as`.
pub async fn export(
    db: &DatabaseConnection,
    store: &Store,
    viewer: Option<Viewer>,
    noted_as: Viewer,
    dir: &Path,
) -> AppResult<Written> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| io("the bundle directory", e))?
            .next()
            .is_some()
    {
        return Err(AppError::bad_input(format!(
            "{} is not empty; a bundle is written into a new or empty directory",
            dir.display()
        )));
    }
    let dataset = exchange::export(db, viewer).await?;
    let captures: Vec<(Uuid, String, i64)> = dataset
        .tables
        .get("capture")
        .into_iter()
        .flatten()
        .filter_map(|row| {
            let id = Uuid::parse_str(row.get("id")?.as_str()?).ok()?;
            let sha = row.get("sha256")?.as_str()?.to_owned();
            let size = row.get("size")?.as_i64()?;
            Some((id, sha, size))
        })
        .collect();
    let ids: Vec<Uuid> = captures.iter().map(|(id, _, _)| *id).collect();
    let mut custody = Vec::new();
    for chunk in ids.chunks(500) {
        custody.extend(
            capture_custody::Entity::find()
                .filter(capture_custody::Column::CaptureId.is_in(padded(chunk)))
                .all(db)
                .await?,
        );
    }
    custody.sort_by_key(|c| (c.at, c.id));
    // A chain of custody names keys and readers: it is for admins, and a bundle for any
    // other role carries none.
    if viewer.is_some_and(|v| v.role != crate::service::access::Role::Admin) {
        custody.clear();
    }

    let mut payload: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    payload.insert(DATASET.into(), json_bytes(&dataset)?);
    payload.insert(CUSTODY.into(), json_bytes(&custody)?);
    std::fs::create_dir_all(dir).map_err(|e| io("the bundle directory", e))?;
    let mut manifest: BTreeMap<String, String> = payload
        .iter()
        .map(|(path, bytes)| (path.clone(), sha256_of(bytes)))
        .collect();
    for (path, bytes) in &payload {
        write_file(dir, path, bytes)?;
    }
    // Each content once, checked against its name as it is copied.
    let contents: BTreeSet<(String, i64)> = captures
        .iter()
        .map(|(_, sha, size)| (sha.clone(), *size))
        .collect();
    for (sha, size) in &contents {
        let path = evidence_path(sha);
        let copied = store
            .copy_out(sha, &dir.join(&path))
            .map_err(|e| io("copying a capture", e))?;
        if copied
            != Some(crate::evidence::Stored {
                sha256: sha.clone(),
                size: *size,
            })
        {
            return Err(AppError::bad_input(format!(
                "the content {sha} is missing or altered in the evidence store; run `daleel verify`"
            )));
        }
        manifest.insert(path, sha.clone());
    }
    let manifest_text = manifest_text_of(&manifest);
    write_file(dir, BAGIT, BAGIT_TEXT.as_bytes())?;
    write_file(dir, MANIFEST, manifest_text.as_bytes())?;
    let tags: BTreeMap<String, String> = [
        (BAGIT.to_owned(), sha256_of(BAGIT_TEXT.as_bytes())),
        (MANIFEST.to_owned(), sha256_of(manifest_text.as_bytes())),
    ]
    .into();
    write_file(dir, TAG_MANIFEST, manifest_text_of(&tags).as_bytes())?;

    let detail = format!("bundle; dataset sha256 {}", manifest[DATASET]);
    let txn = begin_write(db).await?;
    crate::service::custody::note(&txn, noted_as, CustodyAction::Exported, &ids, Some(&detail))
        .await?;
    txn.commit().await?;
    Ok(Written {
        files: manifest.len(),
        captures: ids.len(),
    })
}

/// Imports the bundle in `dir`: every file is checked against the manifests first, and
/// a bundle that does not match, or lacks the content of a capture it lists, is refused
/// before anything is written. Then the content goes into the store, and the dataset
/// and the chain of custody into the database in one transaction.
pub async fn import(
    db: &DatabaseConnection,
    store: &Store,
    author: Author,
    dir: &Path,
) -> AppResult<ImportReport> {
    exchange::may_import(&author)?;
    let files = checked(dir)?;
    let read = |path: &str| -> AppResult<Vec<u8>> {
        std::fs::read(dir.join(path)).map_err(|e| io(path, e))
    };
    let dataset: Dataset = serde_json::from_slice(&read(DATASET)?)
        .map_err(|e| AppError::bad_input(format!("{DATASET} is not a daleel dataset: {e}")))?;
    let custody: Vec<capture_custody::Model> = serde_json::from_slice(&read(CUSTODY)?)
        .map_err(|e| AppError::bad_input(format!("{CUSTODY} is not a chain of custody: {e}")))?;
    for row in dataset.tables.get("capture").into_iter().flatten() {
        let sha = row
            .get("sha256")
            .and_then(|s| s.as_str())
            .unwrap_or_default();
        if !files.contains(&evidence_path(sha)) {
            return Err(AppError::bad_input(format!(
                "the bundle lists a capture ({sha}) whose content it does not hold"
            )));
        }
    }
    for path in files.iter().filter(|p| p.starts_with("data/evidence/")) {
        let stored = store
            .put_file(&dir.join(path))
            .map_err(|e| io("copying a capture into the evidence store", e))?;
        if !path.ends_with(&stored.sha256) {
            return Err(AppError::bad_input(format!(
                "{path} changed while it was imported"
            )));
        }
    }
    let txn = begin_write(db).await?;
    let report = exchange::import_in(&txn, store, &author, dataset).await?;
    let ids: Vec<Uuid> = custody.iter().map(|c| c.id).collect();
    let mut known = BTreeSet::new();
    for chunk in ids.chunks(500) {
        for entry in capture_custody::Entity::find()
            .filter(capture_custody::Column::Id.is_in(padded(chunk)))
            .order_by_asc(capture_custody::Column::Id)
            .all(&txn)
            .await?
        {
            known.insert(entry.id);
        }
    }
    let new: Vec<capture_custody::ActiveModel> = custody
        .into_iter()
        .filter(|c| !known.contains(&c.id))
        .map(sea_orm::IntoActiveModel::into_active_model)
        .collect();
    for chunk in new.chunks(500) {
        capture_custody::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(report)
}

/// The payload files of the bundle in `dir`, once the manifests hold for every file:
/// every file under `data/` listed, every listed file there with its hash.
fn checked(dir: &Path) -> AppResult<BTreeSet<String>> {
    let refuse =
        |message: String| AppError::bad_input(format!("the bundle does not verify: {message}"));
    let text = |name: &str| {
        std::fs::read_to_string(dir.join(name)).map_err(|e| refuse(format!("{name}: {e}")))
    };
    if !text(BAGIT)?.starts_with("BagIt-Version:") {
        return Err(refuse(format!("{BAGIT} is not a BagIt declaration")));
    }
    let manifest =
        parse_manifest(&text(MANIFEST)?).map_err(|m| refuse(format!("{MANIFEST}: {m}")))?;
    if let Ok(tags) = text(TAG_MANIFEST) {
        let tags = parse_manifest(&tags).map_err(|m| refuse(format!("{TAG_MANIFEST}: {m}")))?;
        for (path, sha) in &tags {
            let found = hash_file(&dir.join(path)).map_err(|e| refuse(format!("{path}: {e}")))?;
            if &found != sha {
                return Err(refuse(format!(
                    "{path} does not have the hash {TAG_MANIFEST} gives"
                )));
            }
        }
    }
    let mut present = BTreeSet::new();
    list_files(&dir.join("data"), "data", &mut present)
        .map_err(|e| refuse(format!("data/: {e}")))?;
    if let Some(extra) = present.iter().find(|p| !manifest.contains_key(*p)) {
        return Err(refuse(format!("{extra} is not in {MANIFEST}")));
    }
    for (path, sha) in &manifest {
        if !present.contains(path) {
            return Err(refuse(format!(
                "{path} is in {MANIFEST} but not in the bundle"
            )));
        }
        let found = hash_file(&dir.join(path)).map_err(|e| refuse(format!("{path}: {e}")))?;
        if &found != sha {
            return Err(refuse(format!(
                "{path} does not have the hash {MANIFEST} gives"
            )));
        }
    }
    for required in [DATASET, CUSTODY] {
        if !manifest.contains_key(required) {
            return Err(refuse(format!("it has no {required}")));
        }
    }
    Ok(present)
}

fn parse_manifest(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for (number, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let (sha, path) = line
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("line {} is not `<sha256> <path>`", number + 1))?;
        let path = path.trim().to_owned();
        if path.contains("..") || path.starts_with('/') {
            return Err(format!(
                "line {} names a path outside the bundle",
                number + 1
            ));
        }
        out.insert(path, sha.to_ascii_lowercase());
    }
    Ok(out)
}

fn manifest_text_of(entries: &BTreeMap<String, String>) -> String {
    entries
        .iter()
        .map(|(path, sha)| format!("{sha}  {path}\n"))
        .collect()
}

fn hash_file(path: &Path) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    Ok(crate::evidence::hash_reader(file)?.sha256)
}

fn list_files(dir: &Path, prefix: &str, out: &mut BTreeSet<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}/{name}");
        if entry.file_type()?.is_dir() {
            list_files(&entry.path(), &path, out)?;
        } else {
            out.insert(path);
        }
    }
    Ok(())
}

fn json_bytes<T: serde::Serialize>(value: &T) -> AppResult<Vec<u8>> {
    let mut text = serde_json::to_string_pretty(value).map_err(AppError::internal)?;
    text.push('\n');
    Ok(text.into_bytes())
}

fn write_file(dir: &Path, path: &str, bytes: &[u8]) -> AppResult<()> {
    let target: PathBuf = dir.join(path);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io("the bundle directory", e))?;
    }
    std::fs::write(&target, bytes).map_err(|e| io(path, e))
}
