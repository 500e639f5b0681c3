//! Building and running the HTTP server. `Application::build` binds the listener itself,
//! so tests can ask for port 0 and read back the port they got.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use sea_orm::DatabaseConnection;

use crate::config::Settings;
use crate::db::{self, StatementCounter};
use crate::http::cors::{AllowedOrigins, OriginError};
use crate::http::persisted::{Documents, TrustedDocuments};
use crate::http::playground::{AssetsError, PlaygroundAssets};
use crate::http::{self, AppState, compression, metrics};
use crate::service::changes::ChangeHub;

/// A server bound to its port, ready to run.
pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
    statements: StatementCounter,
    changes: ChangeHub,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sea_orm::DbErr),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[source] sea_orm::DbErr),
    #[error("cannot load the built-in dataset: {0}")]
    Seed(#[from] crate::seed::SeedError),
    #[error("cannot load the trusted documents: {0}")]
    TrustedDocuments(String),
    #[error(transparent)]
    CorsOrigin(#[from] OriginError),
    #[error(transparent)]
    PlaygroundAssets(#[from] AssetsError),
    #[error("cannot listen on {bind}: {source}")]
    Bind {
        bind: String,
        source: std::io::Error,
    },
}

impl Application {
    /// Connects, migrates, loads the built-in data into an empty database or brings it up
    /// to date in one that holds it (unless disabled), and binds.
    pub async fn build(settings: Settings) -> Result<Application, StartError> {
        // Settings mistakes fail before anything touches the database.
        let cors = AllowedOrigins::parse(&settings.cors_origins)?;
        let playground_assets = match &settings.playground_assets {
            Some(dir) => Some(Arc::new(PlaygroundAssets::load(dir)?)),
            None => None,
        };
        let statements = StatementCounter::default();
        let db = db::connect(&settings, &statements)
            .await
            .map_err(StartError::Connect)?;
        let read_db = db::connect_read(&settings, &statements)
            .await
            .map_err(StartError::Connect)?;
        db::migrate(&db).await.map_err(StartError::Migrate)?;
        // An empty database gets the built-in data; one that holds it gets what a newer
        // release corrects or adds (never over an editor's change). Bringing it up to date
        // never stops the server: what the door refuses (a slug an editor took since, a
        // correction that would show a hidden name) stays as it is, said in the log.
        if !settings.no_seed {
            if crate::seed::is_empty(&db)
                .await
                .map_err(StartError::Connect)?
            {
                crate::seed::load(
                    &db,
                    &crate::evidence::Store::new(settings.evidence_dir.clone()),
                )
                .await?;
            } else if crate::seed::holds_built_in_data(&db)
                .await
                .map_err(StartError::Connect)?
                && let Err(err) = crate::seed::load(
                    &db,
                    &crate::evidence::Store::new(settings.evidence_dir.clone()),
                )
                .await
            {
                tracing::warn!(error = %err, "the built-in data was not brought up to date; `daleel seed` says why");
            }
        }
        // Texts of text captures recorded before texts were kept, or whose content came
        // later: pinpoints into them are checked against these.
        let kept = crate::service::capture_texts::complete(
            &db,
            &crate::evidence::Store::new(settings.evidence_dir.clone()),
        )
        .await
        .map_err(StartError::Connect)?;
        if kept > 0 {
            tracing::info!(kept, "texts of captures kept for checking pinpoints");
        }
        let documents = match &settings.trusted_documents {
            Some(path) => {
                let trusted = TrustedDocuments::load(path).map_err(StartError::TrustedDocuments)?;
                tracing::info!(documents = trusted.len(), "only trusted documents will run");
                Documents::Trusted(trusted)
            }
            None => Documents::automatic(settings.apq_cache_size),
        };
        let rest = match settings
            .rest_documents
            .as_ref()
            .or(settings.trusted_documents.as_ref())
        {
            Some(path) => {
                let rest =
                    http::rest::Operations::load(path).map_err(StartError::TrustedDocuments)?;
                tracing::info!(
                    endpoints = rest.len(),
                    "REST endpoints served at /api/{{name}}"
                );
                rest
            }
            None => http::rest::Operations::default(),
        };
        // Before binding: on PostgreSQL the LISTEN is in place before the first request.
        let changes = ChangeHub::start(&db).await.map_err(StartError::Connect)?;
        let listener = TcpListener::bind(&settings.bind).map_err(|source| StartError::Bind {
            bind: settings.bind.clone(),
            source,
        })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartError::Bind {
                bind: settings.bind.clone(),
                source,
            })?
            .port();
        let schema = crate::graphql::build_schema(&settings);
        let sdl = schema.sdl();
        let server_fingerprint = http::answer_tag::server_fingerprint(&sdl, settings.max_page_size);
        let field_types = crate::graphql::nulls::FieldTypes::of_sdl(&sdl);
        let state = web::Data::new(AppState {
            schema,
            field_types,
            evidence: crate::evidence::Store::new(settings.evidence_dir.clone()),
            db: db.clone(),
            databases: http::routing::Databases::new(
                db.clone(),
                read_db,
                std::time::Duration::from_secs(settings.read_your_writes_seconds.into()),
            ),
            max_page_size: settings.max_page_size,
            statements: statements.clone(),
            metrics: Default::default(),
            documents,
            rest: std::sync::Arc::new(rest),
            public_max_age: settings.public_max_age,
            response_cache: http::response_cache::ResponseCache::new(settings.response_cache_mb),
            server_fingerprint,
            max_fields: settings.max_fields as usize,
            max_body_bytes: settings.max_body_bytes as usize,
            max_upload_bytes: settings.max_upload_bytes,
            max_response_bytes: settings.max_response_bytes as usize,
            request_timeout: std::time::Duration::from_secs(settings.request_timeout.into()),
            queue: http::queue::Queue::new(settings.db_pool_size, settings.max_queued),
            introspection_disabled: settings.disable_introspection,
            max_ws_operations: settings.max_ws_operations as usize,
            rate_limits: http::rate_limit::RateLimits::new(&settings),
            playground_assets,
            changes: changes.clone(),
        });
        // Buckets of clients gone quiet are dropped, so memory follows current clients.
        let limits = Arc::downgrade(&state.clone().into_inner());
        tokio::spawn(async move {
            let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every_minute.tick().await;
                // The server is gone when nothing else holds its state.
                let Some(state) = limits.upgrade() else { break };
                state.rate_limits.forget_idle();
            }
        });
        crate::offload::start(offload_threads(settings.workers));
        let mut server = HttpServer::new(move || {
            // The last `wrap` is outermost: every request gets an id and is counted,
            // then compression, then CORS, which answers preflights before routing.
            App::new()
                .app_data(state.clone())
                .wrap(cors.middleware())
                .wrap(from_fn(compression::mark_small))
                .wrap(Compress::default())
                .wrap(from_fn(compression::unmark_small))
                .wrap(from_fn(metrics::count_responses))
                .wrap(from_fn(http::request_id))
                .wrap(http::security_headers())
                .configure(http::routes)
        })
        // In-flight requests get this long to finish on SIGTERM or Ctrl-C.
        .shutdown_timeout(30);
        if settings.workers > 0 {
            server = server.workers(settings.workers);
        }
        let server = server
            .listen(listener)
            .map_err(|source| StartError::Bind {
                bind: settings.bind.clone(),
                source,
            })?
            .run();
        tracing::info!(port, "daleel is listening");
        Ok(Application {
            port,
            server,
            db,
            statements,
            changes,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's connection pool (tests inspect the database through it).
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Counts every SQL statement this server has run.
    pub fn statements(&self) -> StatementCounter {
        self.statements.clone()
    }

    /// The server's change events (tests wait for a subscription to be in place).
    pub fn changes(&self) -> ChangeHub {
        self.changes.clone()
    }

    /// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// As many offload threads as request workers (actix's default is one per core).
fn offload_threads(workers: usize) -> usize {
    match workers {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        workers => workers,
    }
}
