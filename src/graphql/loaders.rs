//! The request's DataLoader. One `DbLoader` serves every key type: `ById<E>` for
//! single records and `ChildPage<R>` for paginated relations, so each relation at each
//! level of a query costs one statement however many parents ask for it.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::Arc;

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

/// How many scheduler turns a batch waits for more keys before it is fetched.
///
/// Siblings in a list ask for their keys in the same poll of the request task, except
/// that async-graphql's list resolution yields after every 32 items. Yielding (rather
/// than sleeping, as the default 1 ms delay does) lets the request task run again
/// before the batch is taken, so a batch never splits because the machine was busy:
/// batching depends on the order of polls, not on wall-clock time.
const BATCH_YIELDS: usize = 16;

/// The request's DataLoader, batching by scheduler turns instead of by a timer.
pub fn data_loader(db: DatabaseConnection, viewer: Viewer) -> DataLoader<DbLoader> {
    DataLoader::new(DbLoader { db, viewer }, |fetch| {
        tokio::spawn(async move {
            for _ in 0..BATCH_YIELDS {
                tokio::task::yield_now().await;
            }
            fetch.await;
        })
    })
    .delay(Duration::ZERO)
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
