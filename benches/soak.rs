//! The long soak: `DALEEL_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench --bench soak`
//! (`DALEEL_SOAK_SECONDS`, default 300; `DALEEL_SOAK_CLIENTS`, default 64).
//!
//! Runs the release `daleel` binary as its own process over a fresh PostgreSQL database,
//! drives it with the clients of tests/support/soak.rs, checks every acknowledged write,
//! and prints errors, latency percentiles, throughput and the server's memory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/soak.rs"]
mod load;

use std::process::{Command, Stdio};
use std::time::Duration;

use sea_orm::{ConnectionTrait, Database};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Kilobytes of `field` (VmRSS, VmHWM) in /proc/<pid>/status.
fn memory_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| {
            line.strip_prefix(field)?
                .trim_start_matches(':')
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let Ok(server_url) = std::env::var("DALEEL_BENCH_POSTGRES_URL") else {
        eprintln!(
            "set DALEEL_BENCH_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to soak on PostgreSQL"
        );
        return;
    };
    let seconds = env_number("DALEEL_SOAK_SECONDS", 300);
    let clients = env_number("DALEEL_SOAK_CLIENTS", 64) as usize;

    let name = format!("daleel_soak_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&server_url).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (base, _) = server_url.rsplit_once('/').unwrap();
    let url = format!("{base}/{name}");

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let binary = env!("CARGO_BIN_EXE_daleel");
    let mut server = Command::new(binary)
        .args([
            "--database-url",
            &url,
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .args([
            "--log",
            "warn",
            "--rate-limit-per-key",
            "0",
            "--rate-limit-per-address",
            "0",
        ])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let address = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    for _ in 0..600 {
        if http
            .get(format!("{address}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let keys = Command::new(binary)
        .args([
            "--database-url",
            &url,
            "keys",
            "create",
            "--role",
            "editor",
            "--name",
            "soak",
        ])
        .output()
        .unwrap();
    let editor_key = String::from_utf8(keys.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_owned();

    let pid = server.id();
    let idle_rss = memory_kb(pid, "VmRSS");
    let sampling = tokio::spawn(async move {
        let mut peak = 0;
        loop {
            peak = peak.max(memory_kb(pid, "VmRSS"));
            tokio::time::sleep(Duration::from_millis(500)).await;
            if memory_kb(pid, "VmRSS") == 0 {
                return peak;
            }
        }
    });
    let report = load::run(&load::Soak {
        address,
        editor_key,
        clients,
        duration: Duration::from_secs(seconds),
    })
    .await;
    let end_rss = memory_kb(pid, "VmRSS");
    let peak_rss = memory_kb(pid, "VmHWM");
    report.print(&format!(
        "soak on PostgreSQL: {clients} clients, {seconds} s, release daleel as its own process"
    ));
    println!(
        "  server memory: idle {} MiB, at end {} MiB, peak {} MiB",
        idle_rss / 1024,
        end_rss / 1024,
        peak_rss / 1024
    );
    server.kill().unwrap();
    server.wait().unwrap();
    sampling.abort();
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
    assert_eq!(report.errors, 0, "errors: {:?}", report.first_errors);
    assert!(
        report.lost_or_wrong.is_empty(),
        "{:#?}",
        report.lost_or_wrong
    );
}
