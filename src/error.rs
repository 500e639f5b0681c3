//! One error type for the whole app. Each variant maps to the `extensions.code` that
//! clients branch on; internal details are logged and never sent to the client.

use async_graphql::ErrorExtensions;
use sea_orm::DbErr;

/// What went wrong, in the terms a client can act on.
///
/// Deliberately not `Display`: async-graphql turns any `Display` error into a GraphQL
/// error without a code, so `?` would silently drop the code. Without `Display`, the
/// only conversion is ours below, which always sets `extensions.code`.
#[derive(Debug)]
pub enum AppError {
    /// The request itself is wrong (a malformed id, a page size out of range, bad EDTF).
    BadUserInput(String),
    /// A field of a record breaks one of its rules (BAD_USER_INPUT naming the field).
    Invalid(crate::service::fields::FieldError),
    /// The named record does not exist (or the caller may not see it).
    NotFound(String),
    /// A write needs an API key and none was given.
    Unauthenticated(String),
    /// The caller's role may not do this.
    Forbidden(String),
    /// The record changed since the caller read it (a stale `expectedVersion`).
    Conflict(String),
    /// The database is unreachable or timed out; the request may be retried.
    Unavailable(DbErr),
    /// A fault on our side. The source is logged, never shown.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// The stable machine-readable code placed in `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadUserInput(_) | AppError::Invalid(_) => "BAD_USER_INPUT",
            AppError::NotFound(_) => "NOT_FOUND",
            AppError::Unauthenticated(_) => "UNAUTHENTICATED",
            AppError::Forbidden(_) => "FORBIDDEN",
            AppError::Conflict(_) => "CONFLICT",
            AppError::Unavailable(_) => "UNAVAILABLE",
            AppError::Internal(_) => "INTERNAL",
        }
    }

    /// The message for the client: specific for input errors, generic for faults.
    pub fn message(&self) -> String {
        match self {
            AppError::BadUserInput(m)
            | AppError::NotFound(m)
            | AppError::Unauthenticated(m)
            | AppError::Forbidden(m)
            | AppError::Conflict(m) => m.clone(),
            AppError::Invalid(e) => format!("`{}`: {}", e.api_field(), e.message),
            AppError::Unavailable(_) => "the database is unavailable; try again shortly".into(),
            AppError::Internal(_) => "internal error; the server log has the details".into(),
        }
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        AppError::BadUserInput(message.into())
    }

    pub fn internal(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        AppError::Internal(Box::new(err))
    }
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        if is_unavailable(&err) {
            AppError::Unavailable(err)
        } else {
            AppError::Internal(Box::new(err))
        }
    }
}

impl From<std::sync::Arc<DbErr>> for AppError {
    fn from(err: std::sync::Arc<DbErr>) -> Self {
        if is_unavailable(&err) {
            AppError::Unavailable(DbErr::Custom(err.to_string()))
        } else {
            AppError::Internal(Box::new(SharedDbErr(err)))
        }
    }
}

/// Whether `err` says the database could not be reached, went away mid-statement or
/// gave up (retrying later may work), rather than that the statement itself is wrong.
/// A server stopped under load shows up in all these shapes: no connection to be had,
/// a socket cut mid-query, or PostgreSQL's own "terminating connection" errors.
pub fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx};
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            match &**e {
                sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::Protocol(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed => true,
                // SQLSTATE class 08: connection exception; 57P01-57P03: the server is
                // shutting down, crashed or starting up; 57014: statement timeout;
                // 53300: too many connections.
                sqlx::Error::Database(db) => db.code().is_some_and(|code| {
                    code.starts_with("08")
                        || matches!(&*code, "57P01" | "57P02" | "57P03" | "57014" | "53300")
                }),
                _ => false,
            }
        }
        _ => false,
    }
}

/// A loader error shared between the fields that awaited it.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
struct SharedDbErr(std::sync::Arc<DbErr>);

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        let code = err.code();
        if matches!(err, AppError::Internal(_) | AppError::Unavailable(_)) {
            // The full chain goes to the log (with the request id from the span), not to the client.
            tracing::error!(error = ?err, code, "request failed");
        }
        async_graphql::Error::new(err.message()).extend_with(|_, ext| ext.set("code", code))
    }
}
