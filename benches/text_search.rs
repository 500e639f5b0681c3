//! Full-text search over generated data: `textSearch`'s token index against the substring
//! scan the lists use today (`LIKE '%word%'` over the citations' quotes, the bulk of the
//! text), for a rare word, a common word, a phrase and an Arabic word.
//!
//! `cargo bench --bench text_search` (SQLite; set DALEEL_BENCH_POSTGRES_URL, e.g.
//! postgres://postgres@127.0.0.1:5432/test, to also run on PostgreSQL, first, in a fresh
//! database; DALEEL_BENCH_SCALE picks the scale, M by default; DALEEL_BENCH_BACKENDS,
//! `postgres,sqlite` by default, which to run; DALEEL_BENCH_KEEP keeps the PostgreSQL
//! database afterwards, to read query plans on it). Prints the median and p99 latency of
//! each query at concurrency 1 and 32: at 1, the methods alternate (A B A B) so that
//! machine noise hits both alike; at 32, 32 tasks send the same query at once.
//!
//! `textSearch` is measured twice: for a page of 20 hits (what a search box asks), and
//! with `totalCount` (which counts every match). The scan always counts, as lists do.
//! On PostgreSQL, its own full-text search (`tsvector` with a GIN index over the quotes,
//! built after generation) runs beside them: a ranked page of 20, with its count and without.
// A benchmark whose set-up fails has nothing to report: it stops with the reason.
#![allow(clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use daleel::generate::{GenerateOptions, Scale, words};
use daleel::ids::NodeType;
use daleel::search::text::TextQuery;
use daleel::service::access::Viewer;
use daleel::service::page::{Page, PageArgs, Window};
use daleel::service::records::Sort;
use daleel::service::text_search::{TextSearch, text_search};
use entity::citation;
use migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use uuid::Uuid;

const SEED: u64 = 1;
const ROUNDS_ALONE: usize = 15;
const ROUNDS_EACH_OF_32: usize = 2;
const CONCURRENCY: usize = 32;

/// What a query looks for, as `textSearch` takes it and as the scan's substring.
struct Probe {
    label: &'static str,
    query: String,
    substring: String,
}

fn probes() -> Vec<Probe> {
    // Ranks in a Zipf(1.0) over 5,000 words: 4,000 is in about 1 quote in 36,000
    // (hundreds of texts at M); 0 in about one in five; Arabic 100 in about 1 in 900.
    let rare = words::word(4_000, false);
    let arabic = words::word(100, true);
    vec![
        Probe {
            label: "rare word",
            query: rare.clone(),
            substring: rare,
        },
        Probe {
            label: "common word",
            query: words::word(0, false),
            substring: words::word(0, false),
        },
        Probe {
            label: "phrase",
            query: format!("\"{}\"", words::PHRASE),
            substring: words::PHRASE.to_owned(),
        },
        Probe {
            label: "Arabic word",
            query: arabic.clone(),
            substring: arabic,
        },
    ]
}

fn window() -> Window {
    Window::new(
        PageArgs {
            first: Some(20),
            ..PageArgs::default()
        },
        100,
    )
    .expect("valid window")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Page,
    PageAndCount,
    Scan,
    /// PostgreSQL's own full-text search over the same quotes (`tsvector`, GIN, the
    /// `simple` configuration), a ranked page of 20 with its count: what the shared word
    /// table is measured against.
    Tsvector,
    /// The same ranked page of 20 without its count: ranking still reads every match.
    TsvectorPage,
}

impl Method {
    /// The methods run on `backend`.
    fn on(backend: &str) -> Vec<Method> {
        let mut methods = vec![Method::Page, Method::PageAndCount, Method::Scan];
        if backend == "PostgreSQL" {
            methods.extend([Method::TsvectorPage, Method::Tsvector]);
        }
        methods
    }

    fn name(self) -> &'static str {
        match self {
            Method::Page => "textSearch, page of 20",
            Method::PageAndCount => "textSearch + totalCount",
            Method::Scan => "substring scan (lists)",
            Method::Tsvector => "tsvector GIN (quotes), page + count",
            Method::TsvectorPage => "tsvector GIN (quotes), page of 20",
        }
    }
}

/// The quotes' `tsvector`s and their GIN index, built once after generation; returns how
/// long the build took.
async fn build_tsvector(db: &DatabaseConnection) -> Duration {
    let started = Instant::now();
    for statement in [
        "CREATE TABLE bench_quote_fts AS SELECT id, effective_visibility, \
         to_tsvector('simple', quote) AS body FROM citation WHERE quote IS NOT NULL",
        "CREATE INDEX bench_quote_fts_body ON bench_quote_fts USING gin (body)",
        "ANALYZE bench_quote_fts",
    ] {
        db.execute_unprepared(statement)
            .await
            .expect("tsvector index");
    }
    started.elapsed()
}

/// Runs one query; returns what it counted (hits on the page, or the total).
async fn run(db: &DatabaseConnection, method: Method, probe: &Probe) -> u64 {
    match method {
        Method::Page | Method::PageAndCount => {
            let search = TextSearch {
                query: TextQuery::parse(&probe.query).expect("query"),
                types: NodeType::RECORDS.to_vec(),
                lang: None,
                from: None,
                to: None,
                min_confidence: None,
                about: None,
            };
            let page = text_search(
                db,
                Viewer::PUBLIC,
                &search,
                window(),
                method == Method::PageAndCount,
            )
            .await
            .expect("text search");
            if method == Method::Page {
                page.items.len() as u64
            } else {
                page.total.unwrap_or(0)
            }
        }
        Method::Tsvector | Method::TsvectorPage => {
            let parse = if probe.query.starts_with('"') {
                "phraseto_tsquery"
            } else {
                "plainto_tsquery"
            };
            // With the count, the answer is the total; without, the hits on the page.
            let (total, answer) = if method == Method::Tsvector {
                (", COUNT(*) OVER () AS total", "COALESCE(MAX(total), 0)")
            } else {
                ("", "COUNT(*)")
            };
            let sql = format!(
                "SELECT {answer} AS n FROM (SELECT id, ts_rank(body, q) AS rank{total} \
                 FROM bench_quote_fts, {parse}('simple', $1) q \
                 WHERE body @@ q AND effective_visibility = 'public' \
                 ORDER BY rank DESC LIMIT 20) page"
            );
            let row = db
                .query_one_raw(sea_orm::Statement::from_sql_and_values(
                    sea_orm::DbBackend::Postgres,
                    sql,
                    [probe.substring.clone().into()],
                ))
                .await
                .expect("tsvector query")
                .expect("a row");
            row.try_get::<i64>("", "n").expect("n") as u64
        }
        Method::Scan => {
            let pattern = format!(
                "%{}%",
                daleel::service::filter::escape_like(&probe.substring)
            );
            let cond = sea_orm::Condition::all().add(
                Expr::col((citation::Entity, citation::Column::Quote))
                    .like(LikeExpr::new(pattern).escape('\\')),
            );
            let page: Page<citation::Model> = daleel::service::lookup::list::<citation::Entity, _>(
                db,
                Viewer::PUBLIC,
                cond,
                Sort::default(),
                window(),
                true,
            )
            .await
            .expect("scan");
            page.total.unwrap_or(0)
        }
    }
}

fn percentile(samples: &[Duration], p: usize) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let i = ((sorted.len() * p) / 100).min(sorted.len().saturating_sub(1));
    sorted.get(i).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
}

struct Row {
    backend: &'static str,
    probe: &'static str,
    method: Method,
    found: u64,
    alone: Vec<Duration>,
    busy: Vec<Duration>,
}

async fn bench(backend: &'static str, url: &str, scale: Scale, rows: &mut Vec<Row>) {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(CONCURRENCY as u32)
        .sqlx_logging(false);
    let db = Database::connect(options).await.expect("connect");
    Migrator::up(&db, None).await.expect("migrate");
    let generated = daleel::generate::generate(
        &db,
        GenerateOptions {
            scale,
            seed: SEED,
            force: false,
            copy: true,
        },
    )
    .await
    .expect("generate");
    let tokens = db
        .query_one(
            &sea_orm::sea_query::Query::select()
                .expr_as(Expr::cust("COUNT(*)"), sea_orm::sea_query::Alias::new("n"))
                .from(sea_orm::sea_query::Alias::new("text_token"))
                .to_owned(),
        )
        .await
        .expect("count")
        .and_then(|r| r.try_get::<i64>("", "n").ok())
        .unwrap_or(0);
    println!(
        "\n{backend} {}: {} rows generated in {:.1} s, {tokens} words indexed",
        scale.name(),
        generated.rows,
        generated.elapsed.as_secs_f64()
    );
    let methods = Method::on(backend);
    if methods.contains(&Method::Tsvector) {
        println!(
            "{backend}: quotes' tsvector GIN index built in {:.1} s",
            build_tsvector(&db).await.as_secs_f64()
        );
    }
    let db = Arc::new(db);
    for probe in probes() {
        let probe = Arc::new(probe);
        let mut found = vec![0u64; methods.len()];
        let mut alone: Vec<Vec<Duration>> = vec![Vec::new(); methods.len()];
        // Warm up each method once, then alternate.
        for (i, &method) in methods.iter().enumerate() {
            found[i] = run(&db, method, &probe).await;
        }
        for _ in 0..ROUNDS_ALONE {
            for (i, &method) in methods.iter().enumerate() {
                let started = Instant::now();
                run(&db, method, &probe).await;
                alone[i].push(started.elapsed());
            }
        }
        for (i, &method) in methods.iter().enumerate() {
            let mut tasks = Vec::new();
            for _ in 0..CONCURRENCY {
                let db = db.clone();
                let probe = probe.clone();
                tasks.push(tokio::spawn(async move {
                    let mut times = Vec::new();
                    for _ in 0..ROUNDS_EACH_OF_32 {
                        let started = Instant::now();
                        run(&db, method, &probe).await;
                        times.push(started.elapsed());
                    }
                    times
                }));
            }
            let mut busy = Vec::new();
            for task in tasks {
                busy.extend(task.await.expect("task"));
            }
            let row = Row {
                backend,
                probe: probe.label,
                method,
                found: found[i],
                alone: std::mem::take(&mut alone[i]),
                busy,
            };
            print_row(&row);
            rows.push(row);
        }
    }
}

/// One line of the table, printed as soon as it is measured.
fn print_row(row: &Row) {
    println!(
        "| {} | {} | {} | {} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms |",
        row.backend,
        row.probe,
        row.method.name(),
        row.found,
        percentile(&row.alone, 50),
        percentile(&row.alone, 99),
        percentile(&row.busy, 50),
        percentile(&row.busy, 99),
    );
}

fn scale() -> Scale {
    match std::env::var("DALEEL_BENCH_SCALE")
        .unwrap_or_else(|_| "M".into())
        .to_uppercase()
        .as_str()
    {
        "XS" => Scale::Xs,
        "S" => Scale::S,
        "L" => Scale::L,
        _ => Scale::M,
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let scale = scale();
    let name = format!(
        "daleel_bench_text_{}",
        &Uuid::new_v4().simple().to_string()[..8]
    );
    rt.block_on(async {
        let mut rows = Vec::new();
        let backends =
            std::env::var("DALEEL_BENCH_BACKENDS").unwrap_or_else(|_| "postgres,sqlite".into());
        if let Ok(server) = std::env::var("DALEEL_BENCH_POSTGRES_URL")
            && backends.contains("postgres")
        {
            let admin = Database::connect(&server).await.expect("postgres");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create database");
            admin
                .execute_unprepared(&format!("ALTER DATABASE {name} SET jit = off"))
                .await
                .expect("set jit");
            let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
            bench("PostgreSQL", &format!("{base}/{name}"), scale, &mut rows).await;
            if std::env::var("DALEEL_BENCH_KEEP").is_ok() {
                // To read the plans afterwards (`EXPLAIN ANALYZE` on the same rows).
                println!("kept the PostgreSQL database: {base}/{name}");
            } else {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
            }
        }
        if backends.contains("sqlite") {
            let path = std::env::temp_dir().join(format!("{name}.db"));
            bench(
                "SQLite",
                &format!("sqlite://{}?mode=rwc", path.display()),
                scale,
                &mut rows,
            )
            .await;
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
        println!(
            "\n| database | query | method | found | c=1 p50 | c=1 p99 | c=32 p50 | c=32 p99 |\n|---|---|---|---:|---:|---:|---:|---:|"
        );
        rows.iter().for_each(print_row);
    });
}
