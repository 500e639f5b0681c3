//! The request's DataLoader. One `DbLoader` serves every key type: `ById<E>` for
//! single records and `ChildPage<R>` for paginated relations, so each relation at each
//! level of a query costs one statement however many parents ask for it.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::{DatabaseConnection, FromQueryResult};
use uuid::Uuid;

use crate::error::AppError;
use crate::service::access::Viewer;
use crate::service::lookup;
use crate::service::page::{Page, Window};
use crate::service::record::{Record, Sort};
use crate::service::relations::ToMany;

/// How many scheduler turns in a row the request must go without asking for a key
/// before a batch is taken. One full turn runs every task that is ready, the request
/// included; a second guards against a wake that lands just after the check.
const QUIET_TURNS: u32 = 2;

/// A bound on how long a batch waits for a busy request (turns, not time): a request
/// still asking for keys after this many turns gets what it has asked for so far.
const MAX_TURNS: u32 = 100_000;

/// The most keys one statement binds (async-graphql's default is 1,000, which a
/// dashboard's officers or citations level passes at M). The bound is the databases'
/// limit on bind parameters (65,535 on PostgreSQL and MySQL), less room for the rest
/// of the statement; a level with more keys than this takes one statement per chunk.
pub const MAX_KEYS_PER_STATEMENT: usize = 16_384;

/// The request's DataLoader. A batch is fetched when the request has nothing left to
/// ask for, not after a fixed delay or a fixed number of turns: async-graphql resolves
/// a long list over several polls (its `FuturesUnordered` yields every 32 items), and
/// a deep query asks for one level's keys over as many polls as it needs. Counting
/// the requests for keys lets a batch wait exactly as long as the level is still
/// growing, so each level is one statement whatever its size or the machine's load.
pub struct RequestLoader {
    inner: DataLoader<DbLoader>,
    asked: Arc<AtomicU64>,
}

/// The request's loader, over `db`, as `viewer`.
pub fn data_loader(db: DatabaseConnection, viewer: Viewer) -> RequestLoader {
    let asked = Arc::new(AtomicU64::new(0));
    let watched = asked.clone();
    let inner = DataLoader::new(DbLoader { db, viewer }, move |fetch| {
        let asked = watched.clone();
        tokio::spawn(async move {
            wait_until_quiet(&asked).await;
            fetch.await;
        })
    })
    .delay(Duration::ZERO)
    .max_batch_size(MAX_KEYS_PER_STATEMENT);
    RequestLoader { inner, asked }
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

impl RequestLoader {
    /// Asks for the value of `key`; it is fetched with the rest of its level's keys.
    pub async fn load_one<K>(
        &self,
        key: K,
    ) -> Result<Option<<DbLoader as Loader<K>>::Value>, LoadError>
    where
        K: Send + Sync + Hash + Eq + Clone + 'static,
        DbLoader: Loader<K, Error = LoadError>,
    {
        self.asked.fetch_add(1, Ordering::AcqRel);
        self.inner.load_one(key).await
    }
}

/// Loads for one request, as one viewer.
pub struct DbLoader {
    pub db: DatabaseConnection,
    pub viewer: Viewer,
}

/// A loader failure, shared by every field that awaited the batch.
pub type LoadError = Arc<AppError>;

/// The key of one record of type `E`.
pub struct ById<E>(pub Uuid, PhantomData<fn() -> E>);

impl<E> ById<E> {
    pub fn new(id: Uuid) -> Self {
        ById(id, PhantomData)
    }
}

impl<E> Clone for ById<E> {
    fn clone(&self) -> Self {
        ById::new(self.0)
    }
}
impl<E> PartialEq for ById<E> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<E> Eq for ById<E> {}
impl<E> Hash for ById<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}

/// The key of one page of relation `R` under one parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChildPage<R> {
    pub relation: R,
    pub parent: Uuid,
    pub sort: Sort,
    pub window: Window,
}

impl<E: Record> Loader<ById<E>> for DbLoader
where
    E::Model: FromQueryResult + Clone + Send + Sync,
{
    type Value = E::Model;
    type Error = LoadError;

    async fn load(&self, keys: &[ById<E>]) -> Result<HashMap<ById<E>, E::Model>, LoadError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let models = lookup::by_ids::<E, _>(&self.db, self.viewer, &ids).await?;
        Ok(models
            .into_iter()
            .map(|m| (ById::new(E::id_of(&m)), m))
            .collect())
    }
}

impl<R: ToMany> Loader<ChildPage<R>> for DbLoader
where
    <R::Child as sea_orm::EntityTrait>::Model: FromQueryResult + Clone + Send + Sync,
{
    type Value = Page<<R::Child as sea_orm::EntityTrait>::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[ChildPage<R>],
    ) -> Result<HashMap<ChildPage<R>, Self::Value>, LoadError> {
        // Parents asking for the same slice share one statement; usually that is all of them.
        let mut groups: HashMap<(Sort, Window), Vec<Uuid>> = HashMap::new();
        for key in keys {
            groups
                .entry((key.sort, key.window))
                .or_default()
                .push(key.parent);
        }
        let mut out = HashMap::with_capacity(keys.len());
        for ((sort, window), parents) in groups {
            let mut pages = R::listing(&parents, self.viewer)
                .fetch(&self.db, sort, window)
                .await?;
            for parent in parents {
                let page = pages
                    .remove(&parent)
                    .unwrap_or_else(|| Page::from_items(Vec::new(), 0));
                let relation = keys[0].relation;
                out.insert(
                    ChildPage {
                        relation,
                        parent,
                        sort,
                        window,
                    },
                    page,
                );
            }
        }
        Ok(out)
    }
}

/// The key of one page of the records a source supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CitedByPage {
    pub source: Uuid,
    pub window: Window,
}

impl Loader<CitedByPage> for DbLoader {
    type Value = Page<(crate::ids::NodeType, Uuid)>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[CitedByPage],
    ) -> Result<HashMap<CitedByPage, Self::Value>, LoadError> {
        let mut groups: HashMap<Window, Vec<Uuid>> = HashMap::new();
        for key in keys {
            groups.entry(key.window).or_default().push(key.source);
        }
        let mut out = HashMap::with_capacity(keys.len());
        for (window, sources) in groups {
            let mut pages =
                crate::service::provenance::cited_by(&self.db, self.viewer, &sources, window)
                    .await?;
            for source in sources {
                let page = pages
                    .remove(&source)
                    .unwrap_or_else(|| Page::from_items(Vec::new(), 0));
                out.insert(CitedByPage { source, window }, page);
            }
        }
        Ok(out)
    }
}
