//! The evidence store: captured content, kept as files named by their SHA-256 under
//! `--evidence-dir` (`sha256/ab/abcdef…`). A file is written once, through a temporary
//! file in the same directory renamed into place when its hash is known, so a reader
//! never sees half a file and the same content is kept once however many captures
//! name it. Content is read and hashed in blocks, never whole in memory.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

pub mod bundle;
pub mod verify;

/// Bytes read and hashed at a time.
const BLOCK: usize = 64 * 1024;

/// Where captured content is kept.
#[derive(Debug, Clone)]
pub struct Store {
    dir: Arc<PathBuf>,
    /// The last check of each file, with the modification time and length it was made
    /// at: `Capture.verified` does not re-read a large file every time a reader asks.
    checked: Arc<std::sync::Mutex<lru::LruCache<String, Checked>>>,
}

/// A file's modification time and length when it was checked, and what was found.
type Checked = (std::time::SystemTime, u64, FileState);

/// Files whose last check is remembered.
const REMEMBERED_CHECKS: usize = 10_000;

/// What a file in the store holds, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub sha256: String,
    pub size: i64,
}

/// The state of one capture's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Present, with the hash and size its record says.
    Intact,
    /// Not in the store.
    Missing,
    /// Present, but its content no longer hashes to its name (or its size differs).
    Altered,
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        let remembered =
            std::num::NonZeroUsize::new(REMEMBERED_CHECKS).unwrap_or(std::num::NonZeroUsize::MIN);
        Store {
            dir: Arc::new(dir.into()),
            checked: Arc::new(std::sync::Mutex::new(lru::LruCache::new(remembered))),
        }
    }

    /// Where the content named `sha256` is kept (a valid hash is assumed: callers pass
    /// hashes the domain has checked).
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("00");
        self.dir.join("sha256").join(prefix).join(sha256)
    }

    /// Copies what `reader` yields into the store, hashing it on the way.
    pub fn put(&self, reader: impl Read) -> std::io::Result<Stored> {
        let incoming = self.dir.join("incoming");
        std::fs::create_dir_all(&incoming)?;
        let mut temporary = tempfile::NamedTempFile::new_in(&incoming)?;
        let stored = copy_hashing(reader, temporary.as_file_mut())?;
        temporary.as_file().sync_all()?;
        let path = self.path_of(&stored.sha256);
        if path.exists() {
            // The same content is already kept; the copy is dropped.
            return Ok(stored);
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        temporary.persist(&path).map_err(|e| e.error)?;
        Ok(stored)
    }

    /// Copies the file at `path` into the store.
    pub fn put_file(&self, path: &Path) -> std::io::Result<Stored> {
        self.put(std::fs::File::open(path)?)
    }

    /// Like [`Store::check`], reusing the last check of a file whose modification time
    /// and length have not changed since (a changed byte changes the modification time
    /// unless it is set back on purpose; `daleel verify` always re-reads).
    pub fn check_remembered(&self, sha256: &str, size: i64) -> std::io::Result<FileState> {
        let metadata = match std::fs::metadata(self.path_of(sha256)) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
            Err(e) => return Err(e),
        };
        let stamp = (metadata.modified()?, metadata.len());
        let key = format!("{sha256}:{size}");
        if let Ok(mut checked) = self.checked.lock()
            && let Some((modified, length, state)) = checked.get(&key)
            && (*modified, *length) == stamp
        {
            return Ok(*state);
        }
        let state = self.check(sha256, size)?;
        if let Ok(mut checked) = self.checked.lock() {
            checked.put(key, (stamp.0, stamp.1, state));
        }
        Ok(state)
    }

    /// Copies the content named `sha256` to `target`, hashing it on the way: what was
    /// copied, or `None` when the store has no such file. The caller compares.
    pub fn copy_out(&self, sha256: &str, target: &Path) -> std::io::Result<Option<Stored>> {
        let file = match std::fs::File::open(self.path_of(sha256)) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        copy_hashing(file, &mut std::fs::File::create(target)?).map(Some)
    }

    /// Whether the content named `sha256` is there, whole and unaltered.
    pub fn check(&self, sha256: &str, size: i64) -> std::io::Result<FileState> {
        let file = match std::fs::File::open(self.path_of(sha256)) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
            Err(e) => return Err(e),
        };
        let found = copy_hashing(file, &mut std::io::sink())?;
        Ok(if found.sha256 == sha256 && found.size == size {
            FileState::Intact
        } else {
            FileState::Altered
        })
    }
}

/// The SHA-256 and size of what `reader` yields, read in blocks.
pub fn hash_reader(reader: impl Read) -> std::io::Result<Stored> {
    copy_hashing(reader, &mut std::io::sink())
}

/// Copies `reader` to `writer` in blocks, returning the SHA-256 and size of what passed.
fn copy_hashing(mut reader: impl Read, writer: &mut impl Write) -> std::io::Result<Stored> {
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut block = vec![0u8; BLOCK];
    loop {
        let read = match reader.read(&mut block) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&block[..read]);
        writer.write_all(&block[..read])?;
        size += read as u64;
    }
    Ok(Stored {
        sha256: hex(&hasher.finalize()),
        size: i64::try_from(size).unwrap_or(i64::MAX),
    })
}

/// The SHA-256 of `bytes`, in lowercase hexadecimal.
pub fn sha256_of(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_kept_once_under_its_hash_and_a_changed_byte_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let stored = store.put(&b"abc"[..]).unwrap();
        assert_eq!(
            stored.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(stored.size, 3);
        assert_eq!(store.put(&b"abc"[..]).unwrap(), stored);
        assert_eq!(store.check(&stored.sha256, 3).unwrap(), FileState::Intact);
        std::fs::write(store.path_of(&stored.sha256), b"abd").unwrap();
        assert_eq!(store.check(&stored.sha256, 3).unwrap(), FileState::Altered);
        std::fs::remove_file(store.path_of(&stored.sha256)).unwrap();
        assert_eq!(store.check(&stored.sha256, 3).unwrap(), FileState::Missing);
    }
}
