//! Public answers to persisted documents, kept in memory until the next write
//! (`--response-cache-mb`). Dashboards send the same few documents again and again; an
//! answer found here costs one read of the data version and no other statement.
//!
//! An entry is keyed by the answer's tag (`answer_tag`), which already names the data
//! version, so an entry from before a write can never be served after it; the cache
//! also empties itself when it first sees a newer version, to free that memory at once.

use std::sync::Mutex;

use actix_web::web::Bytes;
use lru::LruCache;

/// Bounded by the bytes of the answers it holds, least recently used first out.
pub struct ResponseCache {
    inner: Option<Mutex<Held>>,
}

struct Held {
    version: i64,
    answers: LruCache<String, Bytes>,
    bytes: usize,
    limit: usize,
}

impl ResponseCache {
    /// A cache of at most `mib` MiB of answers; 0 keeps nothing.
    pub fn new(mib: u32) -> ResponseCache {
        let limit = (mib as usize).saturating_mul(1024 * 1024);
        ResponseCache {
            inner: (limit > 0).then(|| {
                Mutex::new(Held {
                    version: i64::MIN,
                    answers: LruCache::unbounded(),
                    bytes: 0,
                    limit,
                })
            }),
        }
    }

    pub fn enabled(&self) -> bool {
        self.inner.is_some()
    }

    /// The answer tagged `tag`, made at `version`, if held.
    pub fn get(&self, version: i64, tag: &str) -> Option<Bytes> {
        let mut held = self.held()?;
        held.catch_up(version);
        held.answers.get(tag).cloned()
    }

    /// Keeps `body`, the answer tagged `tag` made at `version`. An answer larger than a
    /// quarter of the cache is not kept: it would push out many small ones.
    pub fn put(&self, version: i64, tag: String, body: Bytes) {
        let Some(mut held) = self.held() else {
            return;
        };
        held.catch_up(version);
        // An answer read from a replica that lags another server's writes seen here.
        if version < held.version || body.len() > held.limit / 4 {
            return;
        }
        let key_len = tag.len();
        held.bytes += body.len() + key_len;
        if let Some(old) = held.answers.put(tag, body) {
            held.bytes -= old.len() + key_len;
        }
        while held.bytes > held.limit {
            match held.answers.pop_lru() {
                Some((key, body)) => held.bytes -= body.len() + key.len(),
                None => break,
            }
        }
    }

    fn held(&self) -> Option<std::sync::MutexGuard<'_, Held>> {
        // A poisoned lock means a request panicked mid-update; drop what was held.
        let inner = self.inner.as_ref()?;
        Some(inner.lock().unwrap_or_else(|poisoned| {
            inner.clear_poison();
            let mut held = poisoned.into_inner();
            held.answers.clear();
            held.bytes = 0;
            held
        }))
    }
}

impl Held {
    /// Forgets every answer when the data has moved on.
    fn catch_up(&mut self, version: i64) {
        if version > self.version {
            self.answers.clear();
            self.bytes = 0;
            self.version = version;
        }
    }
}
