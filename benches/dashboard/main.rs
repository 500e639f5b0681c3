//! The dashboard benchmark: daleel over generated datasets (S and M, L on PostgreSQL),
//! six kinds of request at concurrency 1 and 32, against the SQL floor and, on
//! PostgreSQL, PostGraphile v5 over the same tables.
//!
//! `cargo bench --bench dashboard` (SQLite only); with
//! `DALEEL_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test` also PostgreSQL
//! (fresh databases, dropped afterwards). `DALEEL_BENCH_SCALES=S,M` picks the scales
//! (default S,M), `DALEEL_BENCH_BACKENDS=postgres` one database only,
//! `DALEEL_BENCH_SECONDS` the length of each load run (default 5). PostGraphile runs
//! when bench/postgraphile has its node_modules (`npm ci` there).
//! `DALEEL_BENCH_KEEP=1` keeps each generated database under a fixed name
//! (`daleel_bench_<scale>_seed1`) and measures an existing one instead of generating it
//! again: L takes about an hour to generate on two cores, longer than its measurements.
//! Drop kept databases when the generator changes.
// A benchmark whose set-up fails has nothing to report: it stops with the reason.
#![allow(clippy::expect_used, clippy::unwrap_used)]
// Running the schema in-process (statement capture) nests async-graphql's futures deeply.
#![recursion_limit = "256"]

mod capture;
mod load;
mod queries;
mod servers;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use daleel::generate::{GenerateOptions, Scale};
use daleel::ids::{NodeType, encode_id};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DbBackend};
use serde_json::{Value, json};
use uuid::Uuid;

use load::{Run, median};
use servers::Server;

const SEED: u64 = 1;
/// Blocks of HTTP requests and of direct replays the floor ratio is the medians of, and
/// the counted runs in each block (after one that warms up): 48 of each, enough that a
/// slow moment on a shared machine moves neither median.
const FLOOR_BLOCKS: usize = 12;
const FLOOR_BLOCK: usize = 4;
/// How long PostGraphile may take over one dashboard before it is left unmeasured.
const POSTGRAPHILE_PROBE: Duration = Duration::from_secs(120);

struct Db {
    url: String,
    admin: Option<(String, String)>,
    /// Kept after the run, and measured as it is when an earlier run filled it
    /// (`DALEEL_BENCH_KEEP`).
    keep: bool,
}

impl Db {
    async fn create(postgres: Option<&str>, scale: Scale) -> Db {
        let keep = std::env::var("DALEEL_BENCH_KEEP").is_ok();
        let suffix = if keep {
            format!("seed{SEED}")
        } else {
            Uuid::new_v4().simple().to_string()[..8].to_owned()
        };
        let name = format!("daleel_bench_{}_{suffix}", scale.name().to_lowercase());
        match postgres {
            None => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                Db {
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    admin: None,
                    keep,
                }
            }
            Some(server) => {
                let admin = Database::connect(server).await.expect("postgres");
                let base = server.rsplit_once('/').map_or(server, |(b, _)| b);
                let url = format!("{base}/{name}");
                if keep && Database::connect(&url).await.is_ok() {
                    return Db {
                        url,
                        admin: Some((server.to_owned(), name)),
                        keep,
                    };
                }
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create database");
                // Both servers run with JIT off unless DALEEL_BENCH_JIT=on: compiling a
                // plan costs more than these short statements gain, and a large nested
                // statement that crosses jit_above_cost pays it on every request.
                let jit = std::env::var("DALEEL_BENCH_JIT").unwrap_or_else(|_| "off".into());
                admin
                    .execute_unprepared(&format!("ALTER DATABASE {name} SET jit = {jit}"))
                    .await
                    .expect("set jit");
                Db {
                    url,
                    admin: Some((server.to_owned(), name)),
                    keep,
                }
            }
        }
    }

    async fn drop(self) {
        if self.keep {
            return;
        }
        match self.admin {
            Some((server, name)) => {
                if let Ok(admin) = Database::connect(&server).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                }
            }
            None => {
                let path = self
                    .url
                    .trim_start_matches("sqlite://")
                    .trim_end_matches("?mode=rwc");
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{path}{suffix}"));
                }
            }
        }
    }
}

fn body(query: &str, variables: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({ "query": query, "variables": variables })).unwrap()
}

/// One row of the main table.
struct QueryRow {
    backend: &'static str,
    scale: Scale,
    query: &'static str,
    statements: usize,
    c1: Run,
    c32: Run,
}

struct ScaleRow {
    backend: &'static str,
    scale: Scale,
    rows: u64,
    generated: Duration,
    http_median: f64,
    floor_median: f64,
    /// Rows the dashboard's statements return.
    rows_read: usize,
    rss_mib: f64,
}

struct VersusRow {
    scale: Scale,
    daleel_c32: f64,
    postgraphile_c32: f64,
    daleel_c1: f64,
    postgraphile_c1: f64,
}

#[derive(Default)]
struct Report {
    queries: Vec<QueryRow>,
    scales: Vec<ScaleRow>,
    versus: Vec<VersusRow>,
}

async fn bench_scale(
    report: &mut Report,
    backend: &'static str,
    postgres: Option<&str>,
    scale: Scale,
    seconds: Duration,
) {
    let db = Db::create(postgres, scale).await;
    let conn = Database::connect(&db.url).await.expect("connect");
    Migrator::up(&conn, None).await.expect("migrate");
    let options = GenerateOptions {
        scale,
        seed: SEED,
        force: false,
        copy: true,
    };
    let filled = db.keep
        && conn
            .query_one_raw(sea_orm::Statement::from_string(
                conn.get_database_backend(),
                "SELECT COUNT(*) AS n FROM facility",
            ))
            .await
            .ok()
            .flatten()
            .and_then(|row| row.try_get::<i64>("", "n").ok())
            .is_some_and(|n| n > 0);
    let generated = if filled {
        // A kept database, generated by an earlier run: its rows are counted by the
        // report of that run; this one says 0 rows generated.
        println!(
            "\n{backend} {}: kept database, not generated again",
            scale.name()
        );
        daleel::generate::GenerateReport {
            rows: 0,
            elapsed: Duration::ZERO,
        }
    } else {
        let generated = daleel::generate::generate(&conn, options)
            .await
            .expect("generate");
        println!(
            "\n{backend} {}: {} rows generated in {:.1} s",
            scale.name(),
            generated.rows,
            generated.elapsed.as_secs_f64()
        );
        generated
    };

    let lookups: Vec<Vec<u8>> = (0..100)
        .map(|i| {
            let id = daleel::generate::generated_id(SEED, "person", i * 37);
            body(
                queries::LOOKUP,
                json!({ "id": encode_id(NodeType::Person, id) }),
            )
        })
        .collect();
    // The same dashboard as a persisted document (its text and its hash), which the
    // server's response cache keeps until the next write: what the cache buys.
    let persisted = serde_json::to_vec(&json!({
        "query": queries::DASHBOARD,
        "extensions": { "persistedQuery": {
            "version": 1,
            "sha256Hash": daleel::http::persisted::sha256_hex(queries::DASHBOARD),
        } },
    }))
    .unwrap();
    let chains: Vec<Vec<u8>> = (0..100)
        .map(|i| {
            let id = daleel::generate::generated_id(SEED, "person", i * 37);
            body(
                queries::CHAIN,
                json!({ "id": encode_id(NodeType::Person, id) }),
            )
        })
        .collect();
    let kinds: [(&'static str, &str, Vec<Vec<u8>>); 7] = [
        (
            "dashboard",
            queries::DASHBOARD,
            vec![body(queries::DASHBOARD, json!({}))],
        ),
        ("dashboard, cached", queries::DASHBOARD, vec![persisted]),
        (
            "search",
            queries::SEARCH,
            vec![body(queries::SEARCH, json!({}))],
        ),
        ("lookup by id", queries::LOOKUP, lookups),
        (
            "aggregate",
            queries::AGGREGATE,
            vec![body(queries::AGGREGATE, json!({}))],
        ),
        (
            "personnel",
            queries::PERSONNEL,
            vec![body(queries::PERSONNEL, json!({}))],
        ),
        ("chain", queries::CHAIN, chains),
    ];

    // Statements per request, counted in-process on the same data.
    let mut dashboard_statements = Vec::new();
    let mut counts = Vec::new();
    for (name, query, bodies) in &kinds {
        let variables: Value =
            serde_json::from_slice::<Value>(&bodies[0]).unwrap()["variables"].clone();
        let statements = capture::statements(&db.url, query, variables).await;
        counts.push(statements.len());
        if *name == "dashboard" {
            dashboard_statements = statements;
        }
    }

    if std::env::var("DALEEL_BENCH_STATEMENTS_ONLY").is_ok() {
        // Only the statement counts (with DALEEL_BENCH_DUMP, the statements themselves).
        for ((name, _, _), statements) in kinds.iter().zip(&counts) {
            println!("  {name:<13} {statements:>3} stmts");
        }
        conn.close().await.ok();
        db.drop().await;
        return;
    }
    let server = Server::daleel(&db.url).await;
    let client = reqwest::Client::new();
    for ((name, _, bodies), statements) in kinds.into_iter().zip(counts) {
        let bodies = Arc::new(bodies);
        load::run(
            &client,
            &server.url,
            bodies.clone(),
            2,
            Duration::from_millis(500),
        )
        .await;
        let c1 = load::run(&client, &server.url, bodies.clone(), 1, seconds).await;
        let c32 = load::run(&client, &server.url, bodies, 32, seconds).await;
        println!(
            "  {name:<13} {statements:>3} stmts  c1 p50 {:>8.2} ms p99 {:>8.2} ms {:>7.1} req/s   c32 p50 {:>8.2} ms p99 {:>8.2} ms {:>7.1} req/s  ({} failures)",
            c1.median_ms(),
            c1.p99_ms(),
            c1.throughput(),
            c32.median_ms(),
            c32.p99_ms(),
            c32.throughput(),
            c1.failures + c32.failures
        );
        report.queries.push(QueryRow {
            backend,
            scale,
            query: name,
            statements,
            c1,
            c32,
        });
    }

    // The floor, in blocks alternating with HTTP requests (A A A A A B B B B B …) so
    // noise hits both. The first of each block only warms up and is not counted: after
    // the other side's turn, the side whose turn it is starts cold (its threads asleep,
    // its caches another process's), and on this machine that alone costs a request
    // about 8 ms. Counting it would charge whichever side goes second each time.
    let dashboard = body(queries::DASHBOARD, json!({}));
    let (mut http, mut floor) = (Vec::new(), Vec::new());
    let floor_conn = capture::floor_connection(&db.url).await;
    for _ in 0..FLOOR_BLOCKS {
        for round in 0..=FLOOR_BLOCK {
            let t = Instant::now();
            load::send(&client, &server.url, &dashboard)
                .await
                .expect("dashboard");
            if round > 0 {
                http.push(t.elapsed());
            }
        }
        for round in 0..=FLOOR_BLOCK {
            let took = capture::replay(&floor_conn, &dashboard_statements).await;
            if round > 0 {
                floor.push(took);
            }
        }
    }
    let rows_read = capture::rows(&floor_conn, &dashboard_statements).await;
    floor_conn.close().await.ok();
    let (http_median, floor_median) = (load::percentile(&http, 50), load::percentile(&floor, 50));
    println!(
        "  dashboard {http_median:.2} ms over HTTP vs {floor_median:.2} ms for its {} statements run directly ({rows_read} rows): {:.2}x",
        dashboard_statements.len(),
        http_median / floor_median
    );

    if conn.get_database_backend() == DbBackend::Postgres {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/postgraphile");
        if let Some(pgl) = Server::postgraphile(&dir, &db.url).await {
            let theirs = Arc::new(vec![body(queries::DASHBOARD_POSTGRAPHILE, json!({}))]);
            let ours = Arc::new(vec![dashboard.clone()]);
            // One request first, bounded: at L PostGraphile's one statement for the
            // dashboard ran for minutes, and a load run waits for what is in flight.
            let probe = tokio::time::timeout(
                POSTGRAPHILE_PROBE,
                load::send(&client, &pgl.url, &theirs[0]),
            )
            .await;
            if !matches!(probe, Ok(Ok(_))) {
                println!(
                    "  PostGraphile: no answer to one dashboard within {} s ({probe:?}); not measured",
                    POSTGRAPHILE_PROBE.as_secs()
                );
                report.versus.push(VersusRow {
                    scale,
                    daleel_c32: f64::NAN,
                    postgraphile_c32: f64::NAN,
                    daleel_c1: f64::NAN,
                    postgraphile_c1: f64::NAN,
                });
                pgl.stop().await;
                // Its statement may run on after its client is gone; the only
                // statement on this database running that long is that one.
                conn.execute_unprepared(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = current_database() AND pid <> pg_backend_pid() \
                     AND state = 'active' AND query_start < now() - interval '60 seconds'",
                )
                .await
                .ok();
            } else {
                load::run(&client, &pgl.url, theirs.clone(), 2, Duration::from_secs(1)).await;
                let (mut d32, mut p32, mut d1, mut p1) = (vec![], vec![], vec![], vec![]);
                for _ in 0..2 {
                    d32.push(
                        load::run(&client, &server.url, ours.clone(), 32, seconds)
                            .await
                            .throughput(),
                    );
                    p32.push(
                        load::run(&client, &pgl.url, theirs.clone(), 32, seconds)
                            .await
                            .throughput(),
                    );
                    d1.push(
                        load::run(&client, &server.url, ours.clone(), 1, seconds / 2)
                            .await
                            .median_ms(),
                    );
                    p1.push(
                        load::run(&client, &pgl.url, theirs.clone(), 1, seconds / 2)
                            .await
                            .median_ms(),
                    );
                }
                let row = VersusRow {
                    scale,
                    daleel_c32: median(&mut d32),
                    postgraphile_c32: median(&mut p32),
                    daleel_c1: median(&mut d1),
                    postgraphile_c1: median(&mut p1),
                };
                println!(
                    "  dashboard c32: daleel {:.1} req/s, PostGraphile {:.1} req/s; c1 p50: daleel {:.2} ms, PostGraphile {:.2} ms",
                    row.daleel_c32, row.postgraphile_c32, row.daleel_c1, row.postgraphile_c1
                );
                report.versus.push(row);
                pgl.stop().await;
            }
        }
    }

    let rss_mib = server.peak_rss_mib();
    println!("  daleel peak RSS {rss_mib:.1} MiB");
    report.scales.push(ScaleRow {
        backend,
        scale,
        rows: generated.rows,
        generated: generated.elapsed,
        http_median,
        floor_median,
        rows_read,
        rss_mib,
    });
    server.stop().await;
    conn.close().await.ok();
    db.drop().await;
}

fn print(report: &Report) {
    println!("\n## Requests\n");
    println!(
        "| database | scale | request | SQL statements | c=1 p50 | c=1 p99 | c=1 req/s | c=32 p50 | c=32 p99 | c=32 req/s |"
    );
    println!("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in &report.queries {
        println!(
            "| {} | {} | {} | {} | {:.2} ms | {:.2} ms | {:.1} | {:.2} ms | {:.2} ms | {:.1} |",
            r.backend,
            r.scale.name(),
            r.query,
            r.statements,
            r.c1.median_ms(),
            r.c1.p99_ms(),
            r.c1.throughput(),
            r.c32.median_ms(),
            r.c32.p99_ms(),
            r.c32.throughput()
        );
    }
    println!("\n## Dashboard against the SQL floor, and memory\n");
    println!(
        "| database | scale | rows generated | generated in | rows the dashboard reads | dashboard p50 (HTTP) | p50 / p50 at S | same SQL run directly | ratio | daleel peak RSS | RSS / RSS at S |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &report.scales {
        let at_s = report
            .scales
            .iter()
            .find(|s| s.backend == r.backend && s.scale == Scale::S);
        println!(
            "| {} | {} | {} | {:.1} s | {} | {:.2} ms | {:.2}x | {:.2} ms | {:.2}x | {:.1} MiB | {:.2}x |",
            r.backend,
            r.scale.name(),
            r.rows,
            r.generated.as_secs_f64(),
            r.rows_read,
            r.http_median,
            r.http_median / at_s.map_or(f64::NAN, |s| s.http_median),
            r.floor_median,
            r.http_median / r.floor_median,
            r.rss_mib,
            r.rss_mib / at_s.map_or(f64::NAN, |s| s.rss_mib)
        );
    }
    if !report.versus.is_empty() {
        println!("\n## Dashboard on PostgreSQL: daleel and PostGraphile v5\n");
        println!(
            "| scale | daleel c=32 req/s | PostGraphile c=32 req/s | daleel / PostGraphile | daleel c=1 p50 | PostGraphile c=1 p50 |"
        );
        println!("|---|---:|---:|---:|---:|---:|");
        for r in &report.versus {
            if r.postgraphile_c32.is_nan() {
                println!(
                    "| {} | – | no answer to one dashboard within {} s | – | – | – |",
                    r.scale.name(),
                    POSTGRAPHILE_PROBE.as_secs()
                );
                continue;
            }
            println!(
                "| {} | {:.1} | {:.1} | {:.2}x | {:.2} ms | {:.2} ms |",
                r.scale.name(),
                r.daleel_c32,
                r.postgraphile_c32,
                r.daleel_c32 / r.postgraphile_c32,
                r.daleel_c1,
                r.postgraphile_c1
            );
        }
    }
}

fn scales() -> Vec<Scale> {
    std::env::var("DALEEL_BENCH_SCALES")
        .unwrap_or_else(|_| "S,M".into())
        .split(',')
        .filter_map(|s| match s.trim().to_uppercase().as_str() {
            "XS" => Some(Scale::Xs),
            "S" => Some(Scale::S),
            "M" => Some(Scale::M),
            "L" => Some(Scale::L),
            _ => None,
        })
        .collect()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let seconds = Duration::from_secs_f64(
        std::env::var("DALEEL_BENCH_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(5.0),
    );
    let postgres = std::env::var("DALEEL_BENCH_POSTGRES_URL").ok();
    let backends =
        std::env::var("DALEEL_BENCH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    rt.block_on(async {
        let mut report = Report::default();
        for scale in scales() {
            if backends.contains("sqlite") {
                bench_scale(&mut report, "SQLite", None, scale, seconds).await;
            }
            if let Some(url) = postgres
                .as_deref()
                .filter(|_| backends.contains("postgres"))
            {
                bench_scale(&mut report, "PostgreSQL", Some(url), scale, seconds).await;
            }
        }
        print(&report);
    });
}
