//! What the request's loader fetches. One `DbLoader` serves every key type: `ById<E>`
//! for single records and `ChildPage<R>` for paginated relations, so each relation at
//! each level of a query costs one statement however many parents ask for it (the
//! batching itself is `batcher.rs`).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::Arc;

use entity::{citation, source};
use sea_orm::{DatabaseConnection, FromQueryResult};
use uuid::Uuid;

use crate::graphql::batcher::Load;
pub use crate::graphql::batcher::RequestLoader;
pub use crate::graphql::batcher::{LoadError, MAX_KEYS_PER_STATEMENT};
use crate::graphql::connection::AsOf;
use crate::service::access::Viewer;
use crate::service::lookup;
use crate::service::page::{Page, Window};
use crate::service::page_limit::{self, Parents};
use crate::service::records::{Record, Sort};
use crate::service::relations::{SubjectCitations, ToMany};

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

/// The key of one record of type `E`, as it is now or as it was at an instant.
pub struct ById<E>(pub Uuid, pub AsOf, PhantomData<fn() -> E>);

impl<E> ById<E> {
    pub fn new(id: Uuid, at: AsOf) -> Self {
        ById(id, at, PhantomData)
    }
}

impl<E> Clone for ById<E> {
    fn clone(&self) -> Self {
        ById::new(self.0, self.1)
    }
}
impl<E> PartialEq for ById<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.0, self.1) == (other.0, other.1)
    }
}
impl<E> Eq for ById<E> {}
impl<E> Hash for ById<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.0, self.1).hash(state)
    }
}

/// The key of one page of relation `R` under one parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChildPage<R> {
    pub relation: R,
    pub parent: Uuid,
    pub sort: Sort,
    pub window: Window,
    /// Whether the query asks for the list's `totalCount`.
    pub count: bool,
    /// The instant the parent was read as of.
    pub at: AsOf,
}

impl<E: Record> Load<ById<E>> for DbLoader
where
    E::Model: FromQueryResult + Clone + Send + Sync,
{
    type Value = Arc<E::Model>;

    async fn load(&self, keys: &[ById<E>]) -> Result<HashMap<ById<E>, Self::Value>, LoadError> {
        let mut by_instant: HashMap<AsOf, Vec<Uuid>> = HashMap::new();
        for key in keys {
            by_instant.entry(key.1).or_default().push(key.0);
        }
        let mut out = HashMap::with_capacity(keys.len());
        for (at, ids) in by_instant {
            let viewer = self.viewer.as_of(at);
            let models = lookup::by_ids::<E, _>(&self.db, viewer, &ids).await?;
            out.extend(
                models
                    .into_iter()
                    .map(|m| (ById::new(E::id_of(&m), at), Arc::new(m))),
            );
        }
        Ok(out)
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
        let mut groups: HashMap<(R, Sort, Window, bool, AsOf), Vec<Uuid>> = HashMap::new();
        for key in keys {
            groups
                .entry((key.relation, key.sort, key.window, key.count, key.at))
                .or_default()
                .push(key.parent);
        }
        let mut out = HashMap::with_capacity(keys.len());
        for ((relation, sort, window, count, at), parents) in groups {
            let viewer = self.viewer.as_of(at);
            let listing = |p: &Parents| relation.listing(p, viewer, sort);
            let mut pages =
                page_limit::nested(&self.db, viewer, &parents, listing, sort, window, count)
                    .await?;
            for parent in parents {
                // The window plan leaves out parents without rows.
                let page = pages
                    .remove(&parent)
                    .unwrap_or_else(|| Page::from_items(Vec::new(), 0));
                let key = ChildPage {
                    relation,
                    parent,
                    sort,
                    window,
                    count,
                    at,
                };
                out.insert(key, Arc::new(page));
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
    /// The instant the source was read as of.
    pub at: AsOf,
}

impl Load<CitedByPage> for DbLoader {
    type Value = Arc<Page<(crate::ids::NodeType, Uuid)>>;

    async fn load(
        &self,
        keys: &[CitedByPage],
    ) -> Result<HashMap<CitedByPage, Self::Value>, LoadError> {
        let mut groups: HashMap<(Window, AsOf), Vec<Uuid>> = HashMap::new();
        for key in keys {
            groups
                .entry((key.window, key.at))
                .or_default()
                .push(key.source);
        }
        let mut out = HashMap::with_capacity(keys.len());
        for ((window, at), sources) in groups {
            let viewer = self.viewer.as_of(at);
            let mut pages =
                crate::service::provenance::cited_by(&self.db, viewer, &sources, window).await?;
            for source in sources {
                let page = pages
                    .remove(&source)
                    .unwrap_or_else(|| Page::from_items(Vec::new(), 0));
                out.insert(CitedByPage { source, window, at }, Arc::new(page));
            }
        }
        Ok(out)
    }
}

/// The key of a record's citations (all of them, up to `limit`), with their sources
/// when the query asks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CitationsOf {
    pub subject: Uuid,
    pub limit: u32,
    pub with_sources: bool,
    /// The instant the record was read as of.
    pub at: AsOf,
}

/// A record's citations and, when they were asked for, the sources of its level.
pub struct Cited {
    pub citations: Vec<Arc<citation::Model>>,
    /// Every source the batch's citations rest on that the viewer may see, by id;
    /// shared by all records of the level. `None` when sources were not asked for.
    pub sources: Option<Arc<HashMap<Uuid, Arc<source::Model>>>>,
}

/// Citations come with their sources in the same batch: still one statement for a
/// level's citations and one for their sources, but each citation holds its source
/// rather than every citation waiting on the loader for it (a dashboard has
/// thousands of citations, and that wait was a large share of its CPU time).
impl Load<CitationsOf> for DbLoader {
    type Value = Arc<Cited>;

    async fn load(
        &self,
        keys: &[CitationsOf],
    ) -> Result<HashMap<CitationsOf, Self::Value>, LoadError> {
        let mut groups: HashMap<(u32, AsOf), Vec<Uuid>> = HashMap::new();
        for key in keys {
            groups
                .entry((key.limit, key.at))
                .or_default()
                .push(key.subject);
        }
        let mut pages: HashMap<(Uuid, u32, AsOf), Vec<Arc<citation::Model>>> =
            HashMap::with_capacity(keys.len());
        for ((limit, at), subjects) in groups {
            let window = Window::first(limit)?;
            let sort = Sort::default();
            let viewer = self.viewer.as_of(at);
            let listing = |p: &Parents| SubjectCitations.listing(p, viewer, sort);
            let found =
                page_limit::nested(&self.db, viewer, &subjects, listing, sort, window, false)
                    .await?;
            pages.extend(found.into_iter().map(|(subject, page)| {
                let citations = page.items.into_iter().map(|(_, c)| Arc::new(c)).collect();
                ((subject, limit, at), citations)
            }));
        }
        // The sources the level's citations rest on, read as of each key's instant.
        let mut wanted: HashMap<AsOf, HashSet<Uuid>> = HashMap::new();
        for key in keys.iter().filter(|key| key.with_sources) {
            if let Some(citations) = pages.get(&(key.subject, key.limit, key.at)) {
                wanted
                    .entry(key.at)
                    .or_default()
                    .extend(citations.iter().map(|c| c.source_id));
            }
        }
        let mut sources: HashMap<AsOf, Arc<HashMap<Uuid, Arc<source::Model>>>> = HashMap::new();
        for (at, ids) in wanted {
            let ids: Vec<Uuid> = ids.into_iter().collect();
            let viewer = self.viewer.as_of(at);
            let mut found = HashMap::with_capacity(ids.len());
            for chunk in ids.chunks(MAX_KEYS_PER_STATEMENT) {
                let models = lookup::by_ids::<source::Entity, _>(&self.db, viewer, chunk).await?;
                found.extend(models.into_iter().map(|m| (m.id, Arc::new(m))));
            }
            sources.insert(at, Arc::new(found));
        }
        Ok(keys
            .iter()
            .map(|key| {
                let citations = pages
                    .get(&(key.subject, key.limit, key.at))
                    .cloned()
                    .unwrap_or_default();
                let sources = key.with_sources.then(|| {
                    sources
                        .get(&key.at)
                        .cloned()
                        .unwrap_or_else(|| Arc::new(HashMap::new()))
                });
                (*key, Arc::new(Cited { citations, sources }))
            })
            .collect())
    }
}

/// The key of a record's history: every version of it its reader may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HistoryOf {
    pub node: crate::ids::NodeType,
    pub id: Uuid,
}

/// The histories of a level's records come together: one statement for their audit
/// entries, one for the names their past texts may show.
impl Load<HistoryOf> for DbLoader {
    type Value = Arc<Vec<crate::service::history::Version>>;

    async fn load(&self, keys: &[HistoryOf]) -> Result<HashMap<HistoryOf, Self::Value>, LoadError> {
        let mut groups: HashMap<crate::ids::NodeType, Vec<Uuid>> = HashMap::new();
        for key in keys {
            groups.entry(key.node).or_default().push(key.id);
        }
        let mut out = HashMap::with_capacity(keys.len());
        for (node, ids) in groups {
            let mut found =
                crate::service::history::versions_of(&self.db, self.viewer, node, &ids).await?;
            for id in ids {
                let versions = found.remove(&id).unwrap_or_default();
                out.insert(HistoryOf { node, id }, Arc::new(versions));
            }
        }
        Ok(out)
    }
}
