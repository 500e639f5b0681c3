//! What the request's loader fetches. One `DbLoader` serves every key type: `ById<E>`
//! for single records and `ChildPage<R>` for paginated relations, so each relation at
//! each level of a query costs one statement however many parents ask for it (the
//! batching itself is `batcher.rs`).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::Arc;

use sea_orm::{DatabaseConnection, FromQueryResult};
use uuid::Uuid;

use crate::graphql::batcher::Load;
pub use crate::graphql::batcher::RequestLoader;
pub use crate::graphql::batcher::{LoadError, MAX_KEYS_PER_STATEMENT};
use crate::service::access::Viewer;
use crate::service::lookup;
use crate::service::page::{Page, Window};
use crate::service::record::{Record, Sort};
use crate::service::relations::ToMany;

/// The request's loader, over `db`, as `viewer`.
pub fn data_loader(db: DatabaseConnection, viewer: Viewer) -> RequestLoader {
    RequestLoader::new(DbLoader { db, viewer })
}

/// Loads for one request, as one viewer. Values are `Arc`s: every field that waited
/// on a batch takes its own copy of its value, and one source is waited on by many
/// citations.
pub struct DbLoader {
    pub db: DatabaseConnection,
    pub viewer: Viewer,
}

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

impl<E: Record> Load<ById<E>> for DbLoader
where
    E::Model: FromQueryResult + Clone + Send + Sync,
{
    type Value = Arc<E::Model>;

    async fn load(&self, keys: &[ById<E>]) -> Result<HashMap<ById<E>, Self::Value>, LoadError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let models = lookup::by_ids::<E, _>(&self.db, self.viewer, &ids).await?;
        Ok(models
            .into_iter()
            .map(|m| (ById::new(E::id_of(&m)), Arc::new(m)))
            .collect())
    }
}

impl<R: ToMany> Load<ChildPage<R>> for DbLoader
where
    <R::Child as sea_orm::EntityTrait>::Model: FromQueryResult + Clone + Send + Sync,
{
    type Value = Arc<Page<<R::Child as sea_orm::EntityTrait>::Model>>;

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
                    Arc::new(page),
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

impl Load<CitedByPage> for DbLoader {
    type Value = Arc<Page<(crate::ids::NodeType, Uuid)>>;

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
                out.insert(CitedByPage { source, window }, Arc::new(page));
            }
        }
        Ok(out)
    }
}
