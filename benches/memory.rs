//! Peak memory under the largest requests the default limits let through, and under the
//! review's attack (300 aliases of `facilityMap`, 6 KB of query that once answered 51 MB
//! and raised the server to ~740 MB): the release server over a generated dataset with
//! its default limits (only the per-address rate limit off: the load comes from one
//! address), its peak resident memory (VmHWM) read after each phase.
//!
//! Then the export of the whole dataset by `daleel export`, as one JSON document and as
//! NDJSON streamed a page at a time: the peak resident memory of each process.
//!
//! `cargo bench --bench memory` (SQLite, scale M; `DALEEL_BENCH_SCALES=S` for a quick
//! run, `L` for the largest; `DALEEL_BENCH_SECONDS` the length of each load phase,
//! default 10; `DALEEL_BENCH_EXPORT_ONLY=1` skips the load phases;
//! `DALEEL_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432` generates into a new
//! PostgreSQL database instead of SQLite, much faster at L).
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "dashboard/servers.rs"]
mod servers;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use daleel::generate::{GenerateOptions, Scale};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

use servers::Server;

/// Clients sending at once in the load phases.
const CONCURRENCY: usize = 32;

/// `count` aliases of `field`.
fn aliases(count: usize, field: &str) -> String {
    let fields: String = (0..count).map(|i| format!("a{i}: {field} ")).collect();
    format!("{{ {fields} }}")
}

/// What one phase sent and got back.
struct Phase {
    requests: u64,
    refused: u64,
    bytes: u64,
}

/// Runs `daleel export` with `args` over `database_url`, writing to a file, and reads its
/// peak resident memory (VmHWM) every 20 ms until it ends: (MiB, seconds, bytes).
fn export_peak(database_url: &str, args: &[&str]) -> (f64, f64, u64) {
    let out = std::env::temp_dir().join(format!("daleel_export_{}", uuid::Uuid::new_v4().simple()));
    let started = Instant::now();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_daleel"))
        .args(["export", "--database-url", database_url, "--out"])
        .arg(&out)
        .args(args)
        .spawn()
        .expect("daleel export");
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0_u64;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status)
            && let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let seconds = started.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_file(&out);
    (peak_kb as f64 / 1024.0, seconds, bytes)
}

/// Sends `query` from `CONCURRENCY` clients for `seconds`.
async fn load(url: &str, query: &str, seconds: u64) -> Phase {
    let body = Arc::new(serde_json::to_vec(&json!({ "query": query })).unwrap());
    let (requests, refused, bytes) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let until = Instant::now() + Duration::from_secs(seconds);
    let clients: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (url, body) = (url.to_owned(), body.clone());
            let (requests, refused, bytes) = (requests.clone(), refused.clone(), bytes.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                while Instant::now() < until {
                    let Ok(response) = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(body.as_ref().clone())
                        .send()
                        .await
                    else {
                        continue;
                    };
                    let Ok(answer) = response.bytes().await else {
                        continue;
                    };
                    requests.fetch_add(1, Ordering::Relaxed);
                    bytes.fetch_add(answer.len() as u64, Ordering::Relaxed);
                    let value: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
                    if value.get("errors").is_some() {
                        refused.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for client in clients {
        client.await.unwrap();
    }
    Phase {
        requests: requests.load(Ordering::Relaxed),
        refused: refused.load(Ordering::Relaxed),
        bytes: bytes.load(Ordering::Relaxed),
    }
}

#[tokio::main]
async fn main() {
    let scale = match std::env::var("DALEEL_BENCH_SCALES").as_deref() {
        Ok("S") => Scale::S,
        Ok("L") => Scale::L,
        _ => Scale::M,
    };
    let export_only = std::env::var("DALEEL_BENCH_EXPORT_ONLY").is_ok_and(|v| v == "1");
    let seconds: u64 = std::env::var("DALEEL_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let path = std::env::temp_dir().join(format!(
        "daleel_memory_{}.db",
        uuid::Uuid::new_v4().simple()
    ));
    // `DALEEL_BENCH_POSTGRES=postgres://user@host:port` generates into a new database
    // there instead (much faster at L), dropped at the end.
    let postgres = std::env::var("DALEEL_BENCH_POSTGRES").ok();
    let bench_db = format!("daleel_memory_{}", uuid::Uuid::new_v4().simple());
    let url = match &postgres {
        Some(server) => {
            let admin = Database::connect(format!("{server}/postgres"))
                .await
                .expect("postgres");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {bench_db}"))
                .await
                .expect("create the bench database");
            format!("{server}/{bench_db}")
        }
        None => format!("sqlite://{}?mode=rwc", path.display()),
    };
    {
        let db = Database::connect(&url).await.expect("database");
        Migrator::up(&db, None).await.expect("migrate");
        let options = GenerateOptions {
            scale,
            seed: 1,
            force: false,
            copy: true,
        };
        let report = daleel::generate::generate(&db, options)
            .await
            .expect("generate");
        println!("scale {}: {} rows generated", scale.name(), report.rows);
    }
    println!(
        "\n| export of scale {} | peak RSS (MiB) | time (s) | file (MB) |",
        scale.name()
    );
    println!("|---|---:|---:|---:|");
    for (name, args) in [
        ("NDJSON, streamed", &["--format", "ndjson"][..]),
        ("one JSON document", &[][..]),
    ] {
        // At L the whole document would take much of this machine's memory.
        if scale == Scale::L && args.is_empty() {
            println!("| {name} | not run at L | | |");
            continue;
        }
        let (mib, seconds, bytes) = export_peak(&url, args);
        println!(
            "| {name} | {mib:.0} | {seconds:.1} | {:.0} |",
            bytes as f64 / 1e6
        );
    }
    if export_only {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        if let Some(server) = &postgres {
            let admin = Database::connect(format!("{server}/postgres"))
                .await
                .expect("postgres");
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {bench_db}"))
                .await;
        }
        return;
    }
    let server = Server::daleel_with(&url, &[]).await;
    let started = server.peak_rss_mib();
    let phases = [
        ("the review's attack: 300 × facilityMap", aliases(300, "facilityMap")),
        ("the most maps allowed: 5 × facilityMap", aliases(5, "facilityMap")),
        (
            "large pages: 100 persons with postings, aliases and citations",
            "{ persons(first: 100) { nodes { name description aliases { name } citations { quote locator } postings(first: 20) { nodes { role title branch { name } } } } } }".to_owned(),
        ),
    ];
    println!(
        "\n| phase ({CONCURRENCY} clients × {seconds} s) | requests | refused | answer bytes (mean) | peak RSS after (MiB) |"
    );
    println!("|---|---:|---:|---:|---:|");
    println!("| started, idle | | | | {started:.0} |");
    for (name, query) in phases {
        let phase = load(&server.url, &query, seconds).await;
        let mean = phase.bytes.checked_div(phase.requests).unwrap_or(0);
        println!(
            "| {name} | {} | {} | {mean} | {:.0} |",
            phase.requests,
            phase.refused,
            server.peak_rss_mib()
        );
    }
    server.stop().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
