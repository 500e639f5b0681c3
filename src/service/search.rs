//! Search over every named record and its aliases, on stored match keys.
//!
//! Each name is stored in `name_key` once per word it starts with ("Al-Khatib Branch" →
//! "khatib branch", "branch"), normalised, with its consonant skeleton. A query is
//! normalised the same way and matched by key range (`key >= q AND key < q'`), which every
//! database answers from its B-tree index: nothing is scanned in Rust.

use chrono::Utc;
use entity::{alias, name_key};
use sea_orm::sea_query::{
    Alias, Asterisk, CaseStatement, Expr, ExprTrait, LikeExpr, Order, Query, SelectStatement,
    WindowStatement,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::ids::NodeType;
use crate::search::normalize::{normalize, skeleton, suffixes};
use crate::service::access::Viewer;
use crate::service::page::{OrderColumn, Page, Paged, Window};
use crate::service::relations::visible;

/// Skeletons shorter than this only match whole (a two-letter skeleton prefix matches too much).
const MIN_SKELETON_PREFIX: usize = 3;

/// One record found, with the name that matched best and how well (0–100).
#[derive(Debug, Clone)]
pub struct Hit {
    pub node_type: NodeType,
    pub id: Uuid,
    pub name: String,
    pub score: i64,
}

/// Rebuilds the search keys of `subjects` (records of any named type) from their current
/// names and aliases. Call it in the transaction that changes a name or an alias.
pub async fn reindex<C: ConnectionTrait>(db: &C, subjects: &[Uuid]) -> Result<(), DbErr> {
    // Bounded IN lists: SQLite allows ~32k bound values per statement.
    for chunk in subjects.chunks(500) {
        reindex_chunk(db, chunk).await?;
    }
    Ok(())
}

/// Rebuilds the whole search index (after visibility was derived for a whole database).
pub async fn reindex_all<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    for node_type in crate::records::named() {
        let mut select = Query::select();
        select
            .column(Alias::new("id"))
            .from(Alias::new(node_type.table()));
        let ids = db
            .query_all(&select)
            .await?
            .iter()
            .map(|row| row.try_get::<Uuid>("", "id"))
            .collect::<Result<Vec<_>, _>>()?;
        reindex(db, &ids).await?;
    }
    Ok(())
}

async fn reindex_chunk<C: ConnectionTrait>(db: &C, subjects: &[Uuid]) -> Result<(), DbErr> {
    name_key::Entity::delete_many()
        .filter(name_key::Column::SubjectId.is_in(subjects.iter().copied()))
        .exec(db)
        .await?;
    // Keys carry the level readers are filtered by: the subject's for its own name, the
    // alias's (never less hidden than its subject) for an alias. Hidden ones get none.
    let hidden = crate::service::visibility::Level::Hidden.as_db();
    let mut names: Vec<(NodeType, Uuid, Option<Uuid>, String, String)> = Vec::new();
    let mut type_of = std::collections::HashMap::new();
    for node_type in crate::records::named() {
        let Some(name_col) = crate::service::records::name_column(node_type) else {
            continue;
        };
        let mut select = Query::select();
        select
            .columns([
                Alias::new("id"),
                Alias::new(name_col),
                Alias::new("effective_visibility"),
                Alias::new(crate::service::translations::COLUMN),
            ])
            .from(Alias::new(node_type.table()))
            .and_where(Expr::col(Alias::new("id")).is_in(subjects.iter().copied()))
            .and_where(Expr::col(Alias::new("effective_visibility")).ne(hidden));
        for row in db.query_all(&select).await? {
            let id: Uuid = row.try_get("", "id")?;
            let name: String = row.try_get("", name_col)?;
            let level: String = row.try_get("", "effective_visibility")?;
            type_of.insert(id, node_type);
            // The name in every other language finds the record too (سجن الخطيب).
            let translated: Option<String> =
                row.try_get("", crate::service::translations::COLUMN)?;
            let translations =
                crate::service::translations::Translations::read(translated.as_deref());
            for value in translations
                .0
                .get(name_col)
                .into_iter()
                .flat_map(|l| l.values())
            {
                if value.text != name {
                    names.push((node_type, id, None, value.text.clone(), level.clone()));
                }
            }
            names.push((node_type, id, None, name, level));
        }
    }
    let aliases = alias::Entity::find()
        .filter(alias::Column::SubjectId.is_in(subjects.iter().copied()))
        .filter(alias::Column::EffectiveVisibility.ne(hidden))
        .all(db)
        .await?;
    for a in aliases {
        if let Some(node_type) = type_of.get(&a.subject_id) {
            names.push((
                *node_type,
                a.subject_id,
                Some(a.id),
                a.name,
                a.effective_visibility,
            ));
        }
    }
    let now = Utc::now();
    let rows: Vec<name_key::ActiveModel> = names
        .into_iter()
        .flat_map(|(node_type, subject_id, alias_id, name, visibility)| {
            let shown = clip(&name);
            keys_of(&name)
                .into_iter()
                .map(move |(key, skeleton, full_match)| name_key::Model {
                    id: Uuid::new_v4(),
                    created_at: now,
                    updated_at: now,
                    visibility: visibility.clone(),
                    effective_visibility: visibility.clone(),
                    version: 1,
                    archived_at: None,
                    subject_type: node_type.table().to_owned(),
                    subject_id,
                    alias_id,
                    name: shown.clone(),
                    key,
                    skeleton,
                    full_match,
                })
        })
        .map(IntoActiveModel::into_active_model)
        .collect();
    for chunk in rows.chunks(200) {
        name_key::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The search keys of one name, as stored: (key, skeleton, full_match) per token-start
/// suffix, clipped to the column size. Bulk loaders use it to index exactly as
/// [`reindex`] does.
pub fn keys_of(name: &str) -> Vec<(String, String, bool)> {
    suffixes(name)
        .into_iter()
        .enumerate()
        .map(|(i, key)| (clip(&key), clip(&skeleton(&key)), i == 0))
        .collect()
}

/// The name shown for a match, clipped to the column size.
pub fn shown_name(name: &str) -> String {
    clip(name)
}

/// Keys are stored in 255-character columns.
fn clip(text: &str) -> String {
    text.chars().take(255).collect()
}

/// The smallest string greater than every string that starts with `prefix`, if any.
pub(crate) fn after_prefix(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// `column` starts with `prefix`: a range the column's index answers, then an exact
/// LIKE on the few rows in it (a linguistic collation, as PostgreSQL's en_US, may ignore
/// spaces when comparing, so the range alone could let "khati b…" in for "khatib").
fn starts_with(column: &str, prefix: &str) -> sea_orm::Condition {
    let col = Expr::col((name_key::Entity, Alias::new(column)));
    let mut cond = sea_orm::Condition::all().add(col.clone().gte(prefix));
    if let Some(end) = after_prefix(prefix) {
        cond = cond.add(col.clone().lt(end));
    }
    let pattern = format!("{}%", crate::service::filter::escape_like(prefix));
    cond.add(col.like(LikeExpr::new(pattern).escape('\\')))
}

/// One page of the records matching `query` among `types`, best first.
pub async fn search<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    query: &str,
    types: &[NodeType],
    window: Window,
) -> AppResult<Page<Hit>> {
    let key = normalize(query);
    if key.is_empty() {
        return Err(AppError::bad_input(
            "`query` has no letters or digits to search for; give part of a name, e.g. `khatib`",
        ));
    }
    let skel = skeleton(&key);
    let paged = Paged {
        select: best_hits(db.get_database_backend(), viewer, &key, &skel, types),
        nested: false,
        order: vec![
            OrderColumn::new("score", Order::Desc),
            OrderColumn::new("name", Order::Asc),
            OrderColumn::new("subject_id", Order::Asc),
        ],
    };
    let mut pages = paged.fetch(db, window).await?;
    let page = pages
        .remove(&Uuid::nil())
        .unwrap_or_else(|| Page::from_items(Vec::new(), 0));
    page.try_map(|row| {
        let table: String = row.try_get("", "subject_type")?;
        let node_type = NodeType::from_table(&table)
            .filter(|t| t.is_named())
            .ok_or_else(|| AppError::Internal(format!("unknown subject type {table}").into()))?;
        Ok(Hit {
            node_type,
            id: row.try_get("", "subject_id")?,
            name: row.try_get("", "name")?,
            score: row.try_get("", "score")?,
        })
    })
}

/// The best-scoring visible name of each matching record.
fn best_hits(
    backend: DbBackend,
    viewer: Viewer,
    key: &str,
    skel: &str,
    types: &[NodeType],
) -> SelectStatement {
    let col = |c: &str| Expr::col((name_key::Entity, Alias::new(c)));
    let exact = col("key").eq(key);
    let prefix = starts_with("key", key);
    let full = col("full_match").eq(true);
    let skeleton_match = if skel.chars().count() >= MIN_SKELETON_PREFIX {
        starts_with("skeleton", skel)
    } else {
        sea_orm::Condition::all().add(col("skeleton").eq(skel))
    };
    let score = CaseStatement::new()
        .case(
            sea_orm::Condition::all()
                .add(exact.clone())
                .add(full.clone()),
            100,
        )
        .case(exact, 90)
        .case(prefix.clone().add(full.clone()), 80)
        .case(prefix.clone(), 70)
        .case(skeleton_match.clone().add(full), 60)
        .finally(50);
    // A CASE of integer literals is a 32-bit integer on PostgreSQL; make it 64-bit everywhere.
    let integer = match backend {
        DbBackend::MySql => "SIGNED",
        DbBackend::Postgres => "BIGINT",
        _ => "INTEGER",
    };
    let mut matches = visible::<name_key::Entity>(viewer);
    matches
        .columns([
            (name_key::Entity, name_key::Column::SubjectType),
            (name_key::Entity, name_key::Column::SubjectId),
            (name_key::Entity, name_key::Column::Name),
        ])
        .expr_as(
            Expr::expr(score).cast_as(Alias::new(integer)),
            Alias::new("score"),
        )
        .cond_where(sea_orm::Condition::any().add(prefix).add(skeleton_match))
        .and_where(col("subject_type").is_in(types.iter().map(|t| t.table())));

    let mut rank = WindowStatement::partition_by(Alias::new("subject_id"));
    rank.order_by(Alias::new("score"), Order::Desc)
        .order_by(Alias::new("name"), Order::Asc);
    let mut ranked = Query::select();
    ranked
        .column(Asterisk)
        .from_subquery(matches, Alias::new("matches"))
        .expr_window_as(
            Expr::cust("ROW_NUMBER()"),
            rank,
            Alias::new("rank_in_record"),
        );
    let mut best = Query::select();
    best.columns([
        Alias::new("subject_type"),
        Alias::new("subject_id"),
        Alias::new("name"),
        Alias::new("score"),
    ])
    .from_subquery(ranked, Alias::new("ranked"))
    .and_where(Expr::col(Alias::new("rank_in_record")).eq(1));
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_ranges_end_after_every_extension() {
        assert_eq!(after_prefix("khatib").as_deref(), Some("khatic"));
        assert_eq!(after_prefix("خطيب").as_deref(), Some("خطية"));
        assert!(after_prefix("").is_none());
    }
}
