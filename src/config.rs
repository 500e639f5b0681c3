//! Typed settings: command-line flags first, then `DALEEL_*` environment variables,
//! then the defaults written here. Every option explains itself in `daleel --help`.

use std::fmt;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// daleel — a GraphQL API for accountability data on Syria's detention system.
#[derive(Debug, Parser)]
#[command(name = "daleel", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Migrate the database, load the built-in data into an empty one, and serve the API.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the built-in dataset (idempotent: records already present are left alone).
    Seed,
    /// Print the GraphQL schema (SDL) that the server serves.
    Schema {
        /// Print the Apollo Federation v2 subgraph SDL (what `_service { sdl }` returns)
        /// instead, for composing daleel with partner subgraphs.
        #[arg(long)]
        federation: bool,
    },
    /// Write every record (archived ones too) as a versioned JSON dataset that keeps ids.
    Export {
        /// Write to this file instead of standard output.
        #[arg(long, conflicts_with = "bundle")]
        out: Option<std::path::PathBuf>,
        /// Write a bundle into this new or empty directory instead: the dataset, every
        /// capture's content the export includes and their chain of custody, with a
        /// SHA-256 manifest of every file (BagIt; see docs/evidence.md).
        #[arg(long)]
        bundle: Option<std::path::PathBuf>,
        /// Only what this role may read (`public`, `analyst`, `editor`, `admin`), for a
        /// dataset to publish or share: hidden records and everything about them are left out.
        #[arg(long)]
        role: Option<String>,
        /// `json`: one document (what `daleel import` reads); `ndjson`: one record a
        /// line, written while it is read, so a large export is not held in memory.
        #[arg(long, value_enum, default_value = "json", conflicts_with = "bundle")]
        format: ExportFormat,
    },
    /// Check every record against every rule of the domain (fields, references, derived
    /// visibility, names of hidden people in visible text) and what is kept beside the
    /// records (the posting tally, the postings' name copies); prints each finding and
    /// exits non-zero if there is one.
    Check {
        /// First recompute everything derived from the records (effective visibility,
        /// search keys, the posting tally, the name copies), in one transaction; the
        /// records themselves are not changed.
        #[arg(long)]
        repair: bool,
    },
    /// Import a dataset written by `daleel export`: all of it in one transaction, or
    /// nothing; importing the same file twice changes nothing.
    Import {
        /// The dataset file.
        #[arg(required_unless_present = "bundle", conflicts_with = "bundle")]
        file: Option<std::path::PathBuf>,
        /// Import a bundle written by `daleel export --bundle` instead: every file is
        /// checked against its manifest before anything is written.
        #[arg(long)]
        bundle: Option<std::path::PathBuf>,
    },
    /// Fill an empty database with a deterministic synthetic dataset (for benchmarks):
    /// the same scale and seed give the same records and ids.
    Generate {
        /// Dataset size: xs (tests), s, m (~1,000 facilities, 50,000 persons, 500,000
        /// citations), l (ten times m).
        #[arg(long, value_enum)]
        scale: crate::generate::Scale,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Add to a database that already holds records.
        #[arg(long)]
        force: bool,
        /// On PostgreSQL, use multi-row INSERTs instead of COPY.
        #[arg(long)]
        no_copy: bool,
    },
    /// Manage API keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Captures: fixed copies of sources' content in the evidence store.
    #[command(subcommand)]
    Capture(CaptureCommand),
    /// Recompute the SHA-256 of every capture's file and report each that is missing or
    /// altered; exits non-zero if there is one.
    Verify,
}

#[derive(Debug, Clone, Subcommand)]
pub enum CaptureCommand {
    /// Copy FILE into the evidence store and record it as a capture of the source:
    /// its SHA-256 and size are computed as it is copied.
    Add {
        /// The source's global id (as the API gives it).
        source_id: String,
        /// The file: a page's HTML or WARC, a PDF, an image, a video, a text.
        file: std::path::PathBuf,
        /// Where it was collected from (http or https).
        #[arg(long)]
        url: Option<String>,
        /// When it was collected (RFC 3339, e.g. 2024-12-09T10:00:00Z); unknown when omitted.
        #[arg(long)]
        captured_at: Option<chrono::DateTime<chrono::Utc>>,
        /// Its media type; guessed from the file's name when omitted.
        #[arg(long)]
        media_type: Option<String>,
        /// Who collected it, as they are named.
        #[arg(long)]
        captured_by: Option<String>,
        /// Why it is added, kept with the record's history.
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum KeysCommand {
    /// Make a key and print it once (only its hash is stored).
    Create {
        /// What the key may do: reader (public records), analyst (also restricted),
        /// editor (everything, and writes), admin (everything, and the audit log).
        #[arg(long, value_parser = ["reader", "analyst", "editor", "admin"])]
        role: String,
        /// A label saying who or what holds the key, e.g. "dashboard".
        #[arg(long)]
        name: String,
    },
    /// List the keys: id, name, role, prefix, created, revoked.
    List,
    /// Revoke a key by its id; requests with it are refused from then on.
    Revoke {
        /// The key's id, as `daleel keys list` prints it.
        id: uuid::Uuid,
    },
}

/// Settings shared by every subcommand.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database URL: sqlite://FILE?mode=rwc, postgres://USER@HOST/DB or mysql://USER@HOST/DB.
    #[arg(
        long,
        env = "DALEEL_DATABASE_URL",
        default_value = "sqlite://daleel.db?mode=rwc",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Secret,

    /// A PostgreSQL streaming replica for queries (mutations, and what they read back,
    /// stay on `--database-url`, the primary). Unset: everything goes to the primary.
    #[arg(
        long,
        env = "DALEEL_READ_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub read_database_url: Option<Secret>,

    /// Where captured content is kept (files named by their SHA-256, see
    /// docs/evidence.md); created when missing. Back it up with the database.
    #[arg(
        long,
        env = "DALEEL_EVIDENCE_DIR",
        default_value = "./evidence",
        global = true
    )]
    pub evidence_dir: std::path::PathBuf,

    /// Read the database URL from this file instead (for secrets mounted as files, e.g.
    /// Docker or Kubernetes secrets): it wins over `--database-url`, and the password
    /// never shows in `ps` or the environment.
    #[arg(long, env = "DALEEL_DATABASE_URL_FILE", global = true)]
    pub database_url_file: Option<std::path::PathBuf>,

    /// Read the replica's URL from this file instead of `--read-database-url`.
    #[arg(long, env = "DALEEL_READ_DATABASE_URL_FILE", global = true)]
    pub read_database_url_file: Option<std::path::PathBuf>,

    /// Seconds after a key's last mutation during which its queries still go to the
    /// primary, so a writer reads its own writes while the replica catches up.
    #[arg(
        long,
        env = "DALEEL_READ_YOUR_WRITES_SECONDS",
        default_value_t = 5,
        global = true
    )]
    pub read_your_writes_seconds: u32,

    /// Seconds a request waits for a database connection before failing with
    /// UNAVAILABLE: how fast requests fail while the database is down.
    #[arg(long, env = "DALEEL_DB_ACQUIRE_TIMEOUT", default_value_t = 3, global = true,
          value_parser = clap::value_parser!(u32).range(1..=600))]
    pub db_acquire_timeout: u32,

    /// Address and port the HTTP server listens on (port 0 picks a free port).
    #[arg(
        long,
        env = "DALEEL_BIND",
        default_value = "127.0.0.1:8000",
        global = true
    )]
    pub bind: String,

    /// Log line format: `pretty` for people, `json` for log collectors.
    #[arg(long, env = "DALEEL_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty, global = true)]
    pub log_format: LogFormat,

    /// Log filter in tracing's EnvFilter syntax, e.g. `info` or `daleel=debug,info`.
    #[arg(long, env = "DALEEL_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Export OpenTelemetry traces to this collector (its base URL, as in
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`: traces go to `/v1/traces` under it), over OTLP
    /// HTTP/protobuf. Off when not set. See docs/operations.md#traces.
    #[arg(long, env = "DALEEL_OTLP_ENDPOINT", global = true)]
    pub otlp_endpoint: Option<String>,

    /// Largest page a client may ask for with `first`/`last`; also the default page size.
    #[arg(long, env = "DALEEL_MAX_PAGE_SIZE", default_value_t = 100, global = true,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_page_size: u32,

    /// Maximum database connections in the pool.
    #[arg(long, env = "DALEEL_DB_POOL_SIZE", default_value_t = 10, global = true,
          value_parser = clap::value_parser!(u32).range(1..=1_000))]
    pub db_pool_size: u32,

    /// Most operations waiting for a database turn (there is one turn per pooled
    /// connection); past it a request is refused at once with 503 and `Retry-After`.
    #[arg(long, env = "DALEEL_MAX_QUEUED", default_value_t = 512, global = true,
          value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    pub max_queued: u32,

    /// HTTP worker threads (0: one per CPU core).
    #[arg(long, env = "DALEEL_WORKERS", default_value_t = 0, global = true)]
    pub workers: usize,

    /// Do not load the built-in dataset into an empty database on start, nor bring it up
    /// to date in a database that holds it.
    #[arg(long, env = "DALEEL_NO_SEED", global = true)]
    pub no_seed: bool,

    /// Browser origins allowed to call the API cross-origin, comma-separated
    /// (e.g. `https://dashboard.example.org`). None by default: same origin only.
    #[arg(
        long = "cors-origin",
        env = "DALEEL_CORS_ORIGINS",
        value_delimiter = ',',
        global = true
    )]
    pub cors_origins: Vec<String>,

    /// Run only the operations listed in this JSON file (trusted documents: an object
    /// from sha256 hash to query text); anything else is refused. For production.
    #[arg(long, env = "DALEEL_TRUSTED_DOCUMENTS", global = true)]
    pub trusted_documents: Option<std::path::PathBuf>,

    /// Serve each named query of this documents file (the `--trusted-documents` format)
    /// at `GET /api/{operationName}`, as JSON or CSV; without it, those of the trusted
    /// documents, when they are set. See docs/api.md#rest-endpoints.
    #[arg(long, env = "DALEEL_REST_DOCUMENTS", global = true)]
    pub rest_documents: Option<std::path::PathBuf>,

    /// Serve the playground's scripts and styles from this directory instead of a CDN
    /// (for instances without internet access; see the README).
    #[arg(long, env = "DALEEL_PLAYGROUND_ASSETS", global = true)]
    pub playground_assets: Option<std::path::PathBuf>,

    /// How many automatic persisted queries (Apollo APQ) the server remembers.
    #[arg(long, env = "DALEEL_APQ_CACHE_SIZE", default_value_t = 1000, global = true,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub apq_cache_size: u32,

    /// Let HTTP caches keep public answers to GET queries this many seconds
    /// (`Cache-Control: public, max-age`); 0 makes them revalidate every time (they
    /// still carry an `ETag`, and an unchanged answer costs a `304`). Keyed answers are
    /// never cached.
    #[arg(
        long,
        alias = "get-cache-max-age",
        env = "DALEEL_PUBLIC_MAX_AGE",
        default_value_t = 0,
        global = true
    )]
    pub public_max_age: u32,

    /// Keep the public answers to persisted documents (by id, or by their hash) in
    /// memory, up to this many MiB, until the next write; 0 turns the cache off.
    #[arg(long, env = "DALEEL_RESPONSE_CACHE_MB", default_value_t = 0, global = true,
          value_parser = clap::value_parser!(u32).range(0..=65_536))]
    pub response_cache_mb: u32,

    /// Deepest nesting of fields a query may have.
    #[arg(long, env = "DALEEL_MAX_DEPTH", default_value_t = 16, global = true,
          value_parser = clap::value_parser!(u32).range(2..=1_000))]
    pub max_depth: u32,

    /// Largest complexity a query may have: every field counts 1, and the fields under
    /// a list count once per record its page may hold (`first`/`last`, or 100).
    #[arg(long, env = "DALEEL_MAX_COMPLEXITY", default_value_t = 2_000_000, global = true,
          value_parser = clap::value_parser!(u64).range(10..))]
    pub max_complexity: u64,

    /// Most fields (aliases included, fragments counted where spread) a query may select.
    #[arg(long, env = "DALEEL_MAX_FIELDS", default_value_t = 1_000, global = true,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_fields: u32,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "DALEEL_MAX_BODY_BYTES", default_value_t = 2 * 1024 * 1024, global = true,
          value_parser = clap::value_parser!(u32).range(1024..))]
    pub max_body_bytes: u32,

    /// Largest file an upload (`addCapture`, a multipart request) may carry, in bytes;
    /// it is streamed to disk as it arrives and refused as soon as it passes this.
    #[arg(long, env = "DALEEL_MAX_UPLOAD_BYTES", default_value_t = 1024 * 1024 * 1024, global = true,
          value_parser = clap::value_parser!(u64).range(1024..))]
    pub max_upload_bytes: u64,

    /// Largest answer written, in bytes; a larger one is refused with
    /// RESPONSE_TOO_LARGE (writing stops at the limit).
    #[arg(long, env = "DALEEL_MAX_RESPONSE_BYTES", default_value_t = 16 * 1024 * 1024, global = true,
          value_parser = clap::value_parser!(u32).range(1024..))]
    pub max_response_bytes: u32,

    /// Longest a request may run, in seconds, before it is stopped (also the
    /// database's statement timeout on PostgreSQL).
    #[arg(long, env = "DALEEL_REQUEST_TIMEOUT", default_value_t = 30, global = true,
          value_parser = clap::value_parser!(u32).range(1..=3_600))]
    pub request_timeout: u32,

    /// Requests per minute one API key may make (0: unlimited).
    #[arg(
        long,
        env = "DALEEL_RATE_LIMIT_PER_KEY",
        default_value_t = 1200,
        global = true
    )]
    pub rate_limit_per_key: u32,

    /// Requests one API key may make in a burst before the per-minute rate applies.
    #[arg(
        long,
        env = "DALEEL_RATE_LIMIT_BURST_PER_KEY",
        default_value_t = 200,
        global = true
    )]
    pub rate_limit_burst_per_key: u32,

    /// Requests per minute one client address may make without a key, or with a bad
    /// one (0: unlimited).
    #[arg(
        long,
        env = "DALEEL_RATE_LIMIT_PER_ADDRESS",
        default_value_t = 300,
        global = true
    )]
    pub rate_limit_per_address: u32,

    /// Requests one client address may make in a burst before the per-minute rate applies.
    #[arg(
        long,
        env = "DALEEL_RATE_LIMIT_BURST_PER_ADDRESS",
        default_value_t = 60,
        global = true
    )]
    pub rate_limit_burst_per_address: u32,

    /// Take the client address from `X-Forwarded-For` (set this only behind a reverse
    /// proxy that overwrites the header; otherwise clients could pick their own address).
    #[arg(long, env = "DALEEL_TRUST_FORWARDED_FOR", global = true)]
    pub trust_forwarded_for: bool,

    /// Most operations (subscriptions) one WebSocket connection may run at once.
    #[arg(long, env = "DALEEL_MAX_WS_OPERATIONS", default_value_t = 20, global = true,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_ws_operations: u32,

    /// Refuse schema introspection (`__schema`, `__type`): for production instances
    /// whose clients know the schema. On by default, since analysts rely on it.
    #[arg(long, env = "DALEEL_DISABLE_INTROSPECTION", global = true)]
    pub disable_introspection: bool,
}

impl Settings {
    /// Replaces the URLs given as files by the files' contents (trimmed). The error
    /// names the file, never its contents.
    pub fn load_secret_files(&mut self) -> Result<(), String> {
        let read = |path: &std::path::Path| {
            std::fs::read_to_string(path)
                .map(|text| Secret(text.trim().to_owned()))
                .map_err(|err| format!("cannot read the secret file {}: {err}", path.display()))
        };
        if let Some(path) = &self.database_url_file {
            self.database_url = read(path)?;
        }
        if let Some(path) = &self.read_database_url_file {
            self.read_database_url = Some(read(path)?);
        }
        Ok(())
    }

    /// Settings for a server that listens on `bind` over `database_url`, all else default.
    pub fn new(database_url: impl Into<String>, bind: impl Into<String>) -> Self {
        Settings {
            database_url: Secret(database_url.into()),
            read_database_url: None,
            database_url_file: None,
            read_database_url_file: None,
            evidence_dir: "./evidence".into(),
            read_your_writes_seconds: 5,
            db_acquire_timeout: 3,
            bind: bind.into(),
            log_format: LogFormat::Pretty,
            log: "info".into(),
            otlp_endpoint: None,
            max_page_size: 100,
            db_pool_size: 10,
            max_queued: 512,
            workers: 0,
            no_seed: false,
            cors_origins: Vec::new(),
            trusted_documents: None,
            rest_documents: None,
            playground_assets: None,
            apq_cache_size: 1000,
            public_max_age: 0,
            response_cache_mb: 0,
            max_depth: 16,
            max_complexity: 2_000_000,
            max_fields: 1_000,
            max_body_bytes: 2 * 1024 * 1024,
            max_upload_bytes: 1024 * 1024 * 1024,
            max_response_bytes: 16 * 1024 * 1024,
            request_timeout: 30,
            disable_introspection: false,
            max_ws_operations: 20,
            rate_limit_per_key: 1200,
            rate_limit_burst_per_key: 200,
            rate_limit_per_address: 300,
            rate_limit_burst_per_address: 60,
            trust_forwarded_for: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// A value that must never be printed: a database URL may carry a password.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let s: Secret = "postgres://u:hunter2@h/db".parse().unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn flags_win_over_defaults_and_serve_is_the_default() {
        let cli = Cli::try_parse_from(["daleel", "--bind", "0.0.0.0:9000"]).unwrap();
        assert_eq!(cli.settings.bind, "0.0.0.0:9000");
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["daleel", "migrate", "--max-page-size", "50"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Migrate)));
        assert_eq!(cli.settings.max_page_size, 50);
    }

    #[test]
    fn the_read_replica_is_optional_and_never_printed() {
        let cli = Cli::try_parse_from(["daleel"]).unwrap();
        assert!(cli.settings.read_database_url.is_none());
        let cli = Cli::try_parse_from([
            "daleel",
            "--read-database-url",
            "postgres://u:hunter2@replica/db",
        ])
        .unwrap();
        let url = cli.settings.read_database_url.as_ref().unwrap();
        assert_eq!(url.expose(), "postgres://u:hunter2@replica/db");
        assert!(!format!("{:?}", cli.settings).contains("hunter2"));
    }

    #[test]
    fn database_urls_can_come_from_files() {
        let dir = std::env::temp_dir().join(format!("daleel-secret-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("url");
        std::fs::write(&file, "postgres://u:hunter2@db/daleel\n").unwrap();
        let mut cli = Cli::try_parse_from([
            "daleel",
            "--database-url-file",
            file.to_str().unwrap(),
            "--read-database-url-file",
            file.to_str().unwrap(),
        ])
        .unwrap();
        cli.settings.load_secret_files().unwrap();
        assert_eq!(
            cli.settings.database_url.expose(),
            "postgres://u:hunter2@db/daleel"
        );
        assert!(cli.settings.read_database_url.is_some());
        cli.settings.database_url_file = Some(dir.join("missing"));
        let err = cli.settings.load_secret_files().unwrap_err();
        assert!(err.contains("missing") && !err.contains("hunter2"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_page_size_of_zero_is_refused() {
        assert!(Cli::try_parse_from(["daleel", "--max-page-size", "0"]).is_err());
    }
}

/// How `daleel export` writes the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON document.
    Json,
    /// One record a line, streamed.
    Ndjson,
}
