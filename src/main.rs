//! The `daleel` binary: parse the command line, start logging, hand over to the library.

use std::process::ExitCode;

use clap::Parser;
use daleel::config::{Cli, Command};
use daleel::startup::Application;

// A response is a tree of many small values built and dropped per request: glibc's
// malloc took 30 % of the dashboard's CPU time, mimalloc 13 % (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> ExitCode {
    let mut cli = Cli::parse();
    if let Err(err) = daleel::telemetry::init(
        cli.settings.log_format,
        &cli.settings.log,
        cli.settings.otlp_endpoint.as_deref(),
    ) {
        eprintln!("daleel: {err}");
        return ExitCode::FAILURE;
    }
    if let Err(err) = cli.settings.load_secret_files() {
        eprintln!("daleel: {err}");
        return ExitCode::FAILURE;
    }
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.settings).await,
        Command::Migrate => daleel::cli::migrate(&cli.settings).await,
        Command::Seed => daleel::cli::seed(&cli.settings).await,
        Command::Export {
            out,
            bundle,
            role,
            format,
        } => daleel::cli::export(&cli.settings, out, bundle, role, format).await,
        Command::Check { repair } => daleel::cli::check(&cli.settings, repair).await,
        Command::Import { file, bundle } => daleel::cli::import(&cli.settings, file, bundle).await,
        Command::Generate {
            scale,
            seed,
            force,
            no_copy,
        } => daleel::cli::generate(&cli.settings, scale, seed, force, !no_copy).await,
        Command::Keys(command) => daleel::cli::keys(&cli.settings, command).await,
        Command::Capture(command) => daleel::cli::capture(&cli.settings, command).await,
        Command::Verify => daleel::cli::verify(&cli.settings).await,
        Command::Schema { federation: false } => {
            print!("{}", daleel::graphql::sdl());
            Ok(())
        }
        Command::Schema { federation: true } => {
            print!("{}", daleel::graphql::federation_sdl());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err}");
            eprintln!("daleel: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: daleel::config::Settings) -> Result<(), Box<dyn std::error::Error>> {
    let app = Application::build(settings).await?;
    let stopped = app.run_until_stopped().await;
    // The spans of the last requests, before the process ends.
    daleel::telemetry::shutdown();
    stopped?;
    Ok(())
}
