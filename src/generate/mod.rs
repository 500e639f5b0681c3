//! `daleel generate`: a deterministic synthetic dataset of realistic shape, for
//! benchmarks and load tests. Same scale and seed, same records and ids, on any backend.
//!
//! Shape: branch sizes follow a Zipf law (a few branches hold thousands of postings, most
//! a few dozen), persons carry names in Arabic and Latin script with variant spellings,
//! dates are fuzzy EDTF, every record has one to five citations, and about one officer
//! in nine has a verdict. Rows are written in bulk (multi-row INSERTs, COPY on
//! PostgreSQL) with their search keys, in one transaction.

mod names;
mod records;
mod rng;
mod shape;
mod sink;
pub mod words;

use std::time::{Duration, Instant};

use sea_orm::{DatabaseConnection, DbErr, EntityTrait, PaginatorTrait};

pub use records::generated_id;
pub use shape::{Scale, Shape};

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(
        "the database already holds records ({0}); generate into an empty database, or pass --force to add to it"
    )]
    NotEmpty(String),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("writing the versions of the generated records: {0}")]
    Versions(String),
}

/// What a run did.
#[derive(Debug, Clone, Copy)]
pub struct GenerateReport {
    pub rows: u64,
    pub elapsed: Duration,
}

/// How to generate.
#[derive(Debug, Clone, Copy)]
pub struct GenerateOptions {
    pub scale: Scale,
    pub seed: u64,
    /// Write into a database that already has records.
    pub force: bool,
    /// Use COPY on PostgreSQL (multi-row INSERTs otherwise).
    pub copy: bool,
}

/// What a bulk load that wrote rows past the domain layer runs last, as SQL for
/// `backend`: the derived columns the domain layer keeps in each write (the postings'
/// sort copy and tally), filled over whole tables.
pub fn finishing_statements(backend: sea_orm::DbBackend) -> Result<Vec<String>, DbErr> {
    let mut statements = vec![
        backend
            .build(&crate::service::sort_copy::update_all())
            .to_string(),
    ];
    statements.extend(
        crate::service::tally::recount_all(backend)?
            .iter()
            .map(ToString::to_string),
    );
    Ok(statements)
}

/// Fills `db` (already migrated) with the dataset of `options.scale` and `options.seed`.
pub async fn generate(
    db: &DatabaseConnection,
    options: GenerateOptions,
) -> Result<GenerateReport, GenerateError> {
    if !options.force {
        let held = [
            (
                "facilities",
                entity::facility::Entity::find().count(db).await?,
            ),
            ("persons", entity::person::Entity::find().count(db).await?),
            ("sources", entity::source::Entity::find().count(db).await?),
        ];
        let held: Vec<String> = held
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(what, n)| format!("{n} {what}"))
            .collect();
        if !held.is_empty() {
            return Err(GenerateError::NotEmpty(held.join(", ")));
        }
    }
    let started = Instant::now();
    let mut sink = sink::Sink::open(db, options.copy, !options.force).await?;
    records::write(&mut sink, options.scale.shape(), options.seed).await?;
    let finishing = finishing_statements(db.get_database_backend())?;
    let rows = sink.commit(&finishing).await?;
    // The rows as their first versions, which reading `asOf` an instant needs.
    crate::service::versions::complete(db)
        .await
        .map_err(|e| GenerateError::Versions(e.message()))?;
    // A running server's cached answers predate the load.
    crate::service::data_version::advance_now(db).await?;
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        // Fresh tables without statistics get bad plans (and JIT): analyze once loaded.
        // Vacuum too: until a page is marked all-visible, an index-only read (a search's
        // count) still fetches every row from the table.
        use sea_orm::ConnectionTrait;
        db.execute_unprepared("VACUUM (ANALYZE)").await?;
    }
    let report = GenerateReport {
        rows,
        elapsed: started.elapsed(),
    };
    tracing::info!(
        scale = options.scale.name(),
        seed = options.seed,
        rows = report.rows,
        seconds = report.elapsed.as_secs_f64(),
        "synthetic dataset generated"
    );
    Ok(report)
}
