//! The data version: a number every write transaction advances (`write::begin_write`),
//! stored beside the write lock. An answer made at version `v` is still true while the
//! version is `v`, which is what HTTP `ETag`s and the response cache rest on.
//!
//! Read it from the database the answer is read from (the replica, when a request goes
//! there) and before the answer's own reads: the data read is then at least as new as
//! the version, so an answer is never labelled newer than what it says.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};

/// The current data version.
pub async fn current<C: ConnectionTrait>(db: &C) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM write_lock WHERE id = 1",
        ))
        .await?;
    match row {
        Some(row) => row.try_get("", "version"),
        None => Err(DbErr::RecordNotFound("the write_lock row".into())),
    }
}

/// Advances the version inside a write transaction. On PostgreSQL and MariaDB the update
/// also takes the row's lock until commit, which serialises writers.
pub async fn advance<C: ConnectionTrait>(txn: &C) -> Result<(), DbErr> {
    txn.execute_unprepared("UPDATE write_lock SET version = version + 1 WHERE id = 1")
        .await?;
    Ok(())
}

/// Advances the version on its own, for writes that bypass `begin_write` (the bulk load
/// of `daleel generate`).
pub async fn advance_now(db: &DatabaseConnection) -> Result<(), DbErr> {
    let txn = crate::service::write::begin_write(db).await?;
    txn.commit().await
}
