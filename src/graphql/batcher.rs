//! Batches a request's loads: every field that asks for a key of one type while the
//! request is still asking joins one batch, fetched with one call to `Load::load`
//! (one statement) once the request goes quiet. The mechanism only; what is loaded,
//! and how, is in `loaders.rs`.

use std::any::{Any, TypeId};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tokio::sync::Notify;

use crate::error::AppError;
use crate::graphql::loaders::DbLoader;
use crate::offload;
use tracing::Instrument;

/// A loader failure, shared by every field that awaited the batch.
pub type LoadError = Arc<AppError>;

/// How many scheduler turns in a row the request must go without asking for a key
/// before a batch is taken. One full turn runs every task that is ready, the request
/// included; a second guards against a wake that lands just after the check.
const QUIET_TURNS: u32 = 2;

/// A bound on how long a batch waits for a busy request (turns, not time): a request
/// still asking for keys after this many turns gets what it has asked for so far.
const MAX_TURNS: u32 = 100_000;

/// The most keys one statement binds. The bound is the databases' limit on bind
/// parameters (65,535 on PostgreSQL and MySQL), less room for the rest of the
/// statement; a level with more keys than this takes one statement per chunk.
pub const MAX_KEYS_PER_STATEMENT: usize = 16_384;

/// Fetches the values of a batch of keys of type `K`.
pub trait Load<K>: Send + Sync + 'static {
    type Value: Send + Sync + Clone + 'static;
    /// The values of those `keys` that exist (and the viewer may see).
    fn load(
        &self,
        keys: &[K],
    ) -> impl Future<Output = Result<HashMap<K, Self::Value>, LoadError>> + Send;
}

/// The request's loader. A batch is fetched when the request has nothing left to ask
/// for, not after a fixed delay or a fixed number of turns: async-graphql resolves a
/// long list over several polls (its `FuturesUnordered` yields every 32 items), and a
/// deep query asks for one level's keys over as many polls as it needs. Counting the
/// requests for keys lets a batch wait exactly as long as the level is still growing,
/// so each level is one statement whatever its size or the machine's load.
///
/// It is cheap per key, which matters: a dashboard asks for some 5,000 keys (every
/// record asks for its citations). Asking costs one lock and a set insert; every
/// field waiting on a batch reads the same map of results once it is ready.
pub struct RequestLoader<L = DbLoader> {
    loader: Arc<L>,
    asked: Arc<AtomicU64>,
    /// The batch still open for each key type (`Open<K, V>` by the `TypeId` of `K`).
    open: Arc<Mutex<HashMap<TypeId, Box<dyn Any + Send>>>>,
}

/// What a key of type `K` loads with `L`.
type ValueOf<K, L> = <L as Load<K>>::Value;

/// A batch still taking keys.
struct Open<K, V> {
    keys: HashSet<K>,
    batch: Arc<Batch<K, V>>,
}

/// What the fields waiting on one batch share: its result, once fetched.
struct Batch<K, V> {
    result: OnceLock<Result<HashMap<K, V>, LoadError>>,
    ready: Notify,
}

impl<K, V> Batch<K, V> {
    /// Sets the result (the first one set stands) and wakes every waiting field.
    fn settle(&self, result: Result<HashMap<K, V>, LoadError>) {
        let _ = self.result.set(result);
        self.ready.notify_waiters();
    }
}

/// Settles a batch as failed if its fetch ends without a result (the task was
/// cancelled or panicked), so no field waits forever.
struct SettleOnDrop<K, V>(Arc<Batch<K, V>>);

impl<K, V> Drop for SettleOnDrop<K, V> {
    fn drop(&mut self) {
        if self.0.result.get().is_none() {
            let lost = AppError::Internal("a batch load ended without a result".into());
            self.0.settle(Err(Arc::new(lost)));
        }
    }
}

/// Yields to the scheduler until the request has gone `QUIET_TURNS` turns without
/// asking for a key.
async fn wait_until_quiet(asked: &AtomicU64) {
    let mut seen = asked.load(Ordering::Acquire);
    let mut quiet = 0;
    for _ in 0..MAX_TURNS {
        tokio::task::yield_now().await;
        let now = asked.load(Ordering::Acquire);
        if now == seen {
            quiet += 1;
            if quiet == QUIET_TURNS {
                return;
            }
        } else {
            (seen, quiet) = (now, 0);
        }
    }
}

impl<L: Send + Sync + 'static> RequestLoader<L> {
    /// A loader with no batch open, fetching with `loader`.
    pub fn new(loader: L) -> Self {
        RequestLoader {
            loader: Arc::new(loader),
            asked: Arc::new(AtomicU64::new(0)),
            open: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Asks for the value of `key`; it is fetched with the rest of its level's keys.
    pub async fn load_one<K>(&self, key: K) -> Result<Option<ValueOf<K, L>>, LoadError>
    where
        K: Send + Sync + Hash + Eq + Clone + 'static,
        L: Load<K>,
    {
        self.asked.fetch_add(1, Ordering::AcqRel);
        let batch = self.join::<K>(key.clone());
        let ready = batch.ready.notified();
        tokio::pin!(ready);
        // Registered before the check, so a result set in between still wakes us.
        ready.as_mut().enable();
        if batch.result.get().is_none() {
            ready.await;
        }
        match batch.result.get() {
            Some(Ok(values)) => Ok(values.get(&key).cloned()),
            Some(Err(err)) => Err(err.clone()),
            None => Err(Arc::new(AppError::Internal(
                "a batch woke without a result".into(),
            ))),
        }
    }

    /// Adds `key` to the open batch of its type, opening one (and scheduling its
    /// fetch) if there is none.
    fn join<K>(&self, key: K) -> Arc<Batch<K, ValueOf<K, L>>>
    where
        K: Send + Sync + Hash + Eq + Clone + 'static,
        L: Load<K>,
    {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let slot = open.get_mut(&TypeId::of::<K>());
        if let Some(current) = slot.and_then(|slot| slot.downcast_mut::<Open<K, ValueOf<K, L>>>()) {
            current.keys.insert(key);
            return current.batch.clone();
        }
        let batch = Arc::new(Batch {
            result: OnceLock::new(),
            ready: Notify::new(),
        });
        open.insert(
            TypeId::of::<K>(),
            Box::new(Open {
                keys: HashSet::from([key]),
                batch: batch.clone(),
            }),
        );
        drop(open);
        self.schedule::<K>(batch.clone());
        batch
    }

    /// Fetches `batch` once the request has stopped asking for keys.
    fn schedule<K>(&self, batch: Arc<Batch<K, ValueOf<K, L>>>)
    where
        K: Send + Sync + Hash + Eq + Clone + 'static,
        L: Load<K>,
    {
        let (loader, asked, open) = (self.loader.clone(), self.asked.clone(), self.open.clone());
        // The batch runs on a task (and its statements on the offload threads) of its own,
        // but in the request's span, so its log lines carry the request id.
        let request = tracing::Span::current();
        tokio::spawn(async move {
            let guard = SettleOnDrop(batch);
            wait_until_quiet(&asked).await;
            // Closing the batch: keys asked for from here on open the next one.
            let keys: Vec<K> = open
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&TypeId::of::<K>())
                .and_then(|slot| slot.downcast::<Open<K, ValueOf<K, L>>>().ok())
                .map(|open| open.keys.into_iter().collect())
                .unwrap_or_default();
            // The request's thread decided the batch is complete; the statements may
            // run on another (see `offload`). A fetch that panicked there settles the
            // batch as failed, as `SettleOnDrop` does for one that panicked here.
            let span = tracing::debug_span!(
                parent: &request,
                "loader batch",
                relation = %short_type_name::<K>(),
                keys = keys.len()
            );
            span.in_scope(|| tracing::debug!("loader batch"));
            if let Some(result) = offload::run(fetch_all(loader, keys).instrument(span)).await {
                guard.0.settle(result);
            }
        });
    }
}

/// The values of `keys`, one statement per chunk of them.
async fn fetch_all<K, L>(
    loader: Arc<L>,
    keys: Vec<K>,
) -> Result<HashMap<K, ValueOf<K, L>>, LoadError>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    L: Load<K>,
{
    let mut values = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(MAX_KEYS_PER_STATEMENT) {
        values.extend(loader.load(chunk).await?);
    }
    Ok(values)
}

/// A type's name without module paths: `ChildPage<BranchOfficers>` for a relation key,
/// `ById<Entity>` for a record key.
fn short_type_name<T>() -> String {
    let full = std::any::type_name::<T>();
    let mut out = String::with_capacity(full.len());
    let mut segment = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            segment.push(c);
        } else {
            out.push_str(segment.rsplit("::").next().unwrap_or(&segment));
            segment.clear();
            out.push(c);
        }
    }
    out.push_str(segment.rsplit("::").next().unwrap_or(&segment));
    out
}

#[cfg(test)]
mod tests {
    use futures_util::future::join_all;
    use sea_orm::DbErr;

    use super::*;

    /// Records each batch it is asked for; even keys exist (valued ten times the key).
    #[derive(Default)]
    struct Recorder {
        batches: Mutex<Vec<Vec<u32>>>,
        fails: bool,
        panics: bool,
    }

    impl Load<u32> for Recorder {
        type Value = u32;
        async fn load(&self, keys: &[u32]) -> Result<HashMap<u32, u32>, LoadError> {
            let mut keys = keys.to_vec();
            keys.sort_unstable();
            self.batches.lock().unwrap().push(keys.clone());
            if self.panics {
                panic!("the loader panicked");
            }
            if self.fails {
                return Err(Arc::new(AppError::Unavailable(DbErr::Custom(
                    "no connection".into(),
                ))));
            }
            Ok(keys
                .iter()
                .filter(|k| *k % 2 == 0)
                .map(|k| (*k, k * 10))
                .collect())
        }
    }

    fn batches(loader: &RequestLoader<Recorder>) -> Vec<Vec<u32>> {
        loader.loader.batches.lock().unwrap().clone()
    }

    #[tokio::test]
    async fn keys_asked_over_many_polls_are_one_batch() {
        let loader = RequestLoader::new(Recorder::default());
        // Each field asks after its own number of turns, as a deep or long list does.
        let answers = join_all((0..200u32).map(|key| {
            let loader = &loader;
            async move {
                for _ in 0..key % 50 {
                    tokio::task::yield_now().await;
                }
                loader.load_one(key).await.unwrap()
            }
        }))
        .await;
        assert_eq!(batches(&loader), vec![(0..200).collect::<Vec<_>>()]);
        for (key, answer) in (0..200u32).zip(answers) {
            assert_eq!(answer, (key % 2 == 0).then_some(key * 10), "key {key}");
        }
    }

    #[tokio::test]
    async fn a_key_many_fields_ask_for_is_loaded_once() {
        let loader = RequestLoader::new(Recorder::default());
        let answers = join_all((0..100).map(|_| loader.load_one(4))).await;
        assert_eq!(batches(&loader), vec![vec![4]]);
        assert!(answers.into_iter().all(|a| a.unwrap() == Some(40)));
    }

    #[tokio::test]
    async fn keys_asked_after_a_batch_was_taken_open_the_next() {
        let loader = RequestLoader::new(Recorder::default());
        assert_eq!(loader.load_one(2).await.unwrap(), Some(20));
        assert_eq!(loader.load_one(3).await.unwrap(), None);
        assert_eq!(batches(&loader), vec![vec![2], vec![3]]);
    }

    #[tokio::test]
    async fn a_batch_past_the_bind_limit_is_fetched_in_chunks() {
        let loader = RequestLoader::new(Recorder::default());
        let count = MAX_KEYS_PER_STATEMENT as u32 + 1;
        let answers = join_all((0..count).map(|key| loader.load_one(key))).await;
        let sizes: Vec<usize> = batches(&loader).iter().map(Vec::len).collect();
        assert_eq!(sizes.iter().sum::<usize>(), count as usize);
        assert_eq!(sizes.len(), 2, "{sizes:?}");
        assert_eq!(
            answers[count as usize - 1].as_ref().unwrap(),
            &Some((count - 1) * 10)
        );
    }

    #[tokio::test]
    async fn every_field_of_a_failed_batch_gets_its_error() {
        let loader = RequestLoader::new(Recorder {
            fails: true,
            ..Recorder::default()
        });
        let answers = join_all((0..10).map(|key| loader.load_one(key))).await;
        assert_eq!(batches(&loader).len(), 1);
        for answer in answers {
            assert!(matches!(*answer.unwrap_err(), AppError::Unavailable(_)));
        }
    }

    #[tokio::test]
    async fn a_fetch_that_panics_fails_its_fields_instead_of_hanging() {
        let loader = RequestLoader::new(Recorder {
            panics: true,
            ..Recorder::default()
        });
        let answers = join_all((0..10).map(|key| loader.load_one(key))).await;
        for answer in answers {
            assert!(matches!(*answer.unwrap_err(), AppError::Internal(_)));
        }
    }
}
