//! The text of text captures, kept in the database by content hash, so that the door
//! can check a citation's pinpoint against it inside the write's own transaction (the
//! evidence store is files, outside it). Content never changes under its hash, so a
//! kept text never goes stale; it is kept once, whichever capture brought it.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use crate::evidence::Store;

/// The largest content whose text is kept: larger text captures are cited by page,
/// time or free text (MariaDB's default packet is 16 MiB).
pub const TEXT_MAX_BYTES: u64 = 8 * 1024 * 1024;

fn table() -> Alias {
    Alias::new("capture_text")
}

/// Whether content of `media_type` is text this server reads: `text/*`, in UTF-8 (or
/// ASCII, or saying no charset).
pub fn is_text(media_type: &str) -> bool {
    let mut parts = media_type.split(';').map(str::trim);
    let essence = parts.next().unwrap_or_default().to_ascii_lowercase();
    let charset_ok = parts
        .filter_map(|p| p.split_once('='))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .all(|(_, v)| {
            let v = v.trim().trim_matches('"').to_ascii_lowercase();
            v == "utf-8" || v == "utf8" || v == "us-ascii"
        });
    essence.starts_with("text/") && charset_ok
}

/// The essence of a media type (`text/plain` of `text/plain; charset=utf-8`), lowercase.
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The text of `content` of `media_type`, when it is text this server reads.
pub fn text_of(media_type: &str, content: &[u8]) -> Option<String> {
    if !is_text(media_type) || content.len() as u64 > TEXT_MAX_BYTES {
        return None;
    }
    String::from_utf8(content.to_vec()).ok()
}

/// The kept text of the content whose SHA-256 is `sha256`.
pub async fn load<C: ConnectionTrait>(db: &C, sha256: &str) -> Result<Option<String>, DbErr> {
    let mut select = Query::select();
    select
        .column(Alias::new("text"))
        .from(table())
        .and_where(Expr::col(Alias::new("sha256")).eq(sha256));
    match db.query_one(&select).await? {
        Some(row) => Ok(Some(row.try_get::<String>("", "text")?)),
        None => Ok(None),
    }
}

/// Keeps `text` as the text of the content `sha256`, unless it is kept already. Called
/// in the write's transaction, where the write lock makes check-then-insert safe.
pub async fn keep<C: ConnectionTrait>(db: &C, sha256: &str, text: &str) -> Result<(), DbErr> {
    let mut select = Query::select();
    select
        .column(Alias::new("sha256"))
        .from(table())
        .and_where(Expr::col(Alias::new("sha256")).eq(sha256));
    if db.query_one(&select).await?.is_some() {
        return Ok(());
    }
    let mut insert = Query::insert();
    insert
        .into_table(table())
        .columns([Alias::new("sha256"), Alias::new("text")])
        .values_panic([sha256.into(), text.into()]);
    db.execute(&insert).await?;
    Ok(())
}

/// Keeps the text of the stored content `sha256` of `media_type`, when it is text
/// in the store; whether it did.
pub async fn keep_stored<C: ConnectionTrait>(
    db: &C,
    store: &Store,
    sha256: &str,
    media_type: &str,
) -> Result<bool, DbErr> {
    if !is_text(media_type) {
        return Ok(false);
    }
    let path = store.path_of(sha256);
    let too_large = std::fs::metadata(&path).map_or(true, |m| m.len() > TEXT_MAX_BYTES);
    if too_large {
        return Ok(false);
    }
    let Ok(content) = std::fs::read(&path) else {
        return Ok(false);
    };
    match text_of(media_type, &content) {
        Some(text) => keep(db, sha256, &text).await.map(|()| true),
        None => Ok(false),
    }
}

/// Keeps the text of every text capture whose content is in `store` and whose text is
/// not kept yet: captures recorded before texts were kept, or imported without their
/// content that arrived later.
pub async fn complete(db: &DatabaseConnection, store: &Store) -> Result<u64, DbErr> {
    use entity::capture;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    // Only the captures whose text is not kept: one statement, no text read.
    let mut kept_texts = Query::select();
    kept_texts.column(Alias::new("sha256")).from(table());
    let captures: Vec<(String, String)> = capture::Entity::find()
        .select_only()
        .column(capture::Column::Sha256)
        .column(capture::Column::MediaType)
        .filter(capture::Column::Sha256.not_in_subquery(kept_texts))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut kept = 0;
    for (sha256, media_type) in captures {
        if !is_text(&media_type) {
            continue;
        }
        let txn = crate::service::write::begin_write(db).await?;
        if keep_stored(&txn, store, &sha256, &media_type).await? {
            kept += 1;
        }
        txn.commit().await?;
    }
    Ok(kept)
}
