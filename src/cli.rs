//! The subcommands other than `serve`.

use crate::config::Settings;
use crate::db::{self, StatementCounter};

type CliResult = Result<(), Box<dyn std::error::Error>>;

/// `daleel migrate`: apply pending migrations.
pub async fn migrate(settings: &Settings) -> CliResult {
    let db = db::connect(settings, &StatementCounter::default()).await?;
    db::migrate(&db).await?;
    println!("migrations applied");
    Ok(())
}

/// `daleel seed`: migrate, then load the built-in dataset (idempotent).
pub async fn seed(settings: &Settings) -> CliResult {
    let db = db::connect(settings, &StatementCounter::default()).await?;
    db::migrate(&db).await?;
    let report = crate::seed::load(&db).await?;
    println!(
        "built-in dataset: {} records inserted, {} already present",
        report.inserted, report.already_present
    );
    Ok(())
}
