//! `PgCluster`: a throwaway PostgreSQL server of the test's own (its own data directory
//! and port on loopback), for tests that must stop the database or build a replica —
//! things never to be done to the shared server other tests use.
//!
//! The binaries come from `DALEEL_TEST_PG_BINDIR` or the newest
//! `/usr/lib/postgresql/<version>/bin`. Without them the test is skipped, except on CI
//! (`CI=true`), where a missing PostgreSQL is a failure. PostgreSQL refuses to run as
//! root, so as root every command runs as the `postgres` user.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use uuid::Uuid;

/// One PostgreSQL server, stopped and deleted when dropped (even when the test panics).
pub struct PgCluster {
    bin: PathBuf,
    /// Holds `data/`, `sock/` and `log`; removed on drop.
    root: PathBuf,
    port: u16,
    running: bool,
}

impl PgCluster {
    /// Initialises and starts a primary (ready for `pg_basebackup`), or `None` when the
    /// binaries are missing outside CI.
    pub async fn start() -> Option<PgCluster> {
        let bin = bindir()?;
        let cluster = PgCluster::prepare(bin);
        let data = cluster.data();
        run(cluster
            .command("initdb")
            .args(["--auth=trust", "--username=postgres", "--no-sync"])
            .args(["--encoding=UTF8", "--locale=C", "-D"])
            .arg(&data))
        .await;
        // Speed over durability (fsync off survives a server crash, not an OS crash,
        // which is all these tests cause); WAL for a streaming replica.
        let conf = "\nfsync = off\nfull_page_writes = off\nshared_buffers = 16MB\n\
                    max_connections = 60\nwal_level = replica\nmax_wal_senders = 4\n\
                    hot_standby = on\nlog_min_messages = warning\n";
        append(&data.join("postgresql.conf"), conf);
        append(
            &data.join("pg_hba.conf"),
            "\nhost replication all 127.0.0.1/32 trust\n",
        );
        Some(cluster.launch().await)
    }

    /// A streaming replica of this cluster (`pg_basebackup -R -X stream`), on its own
    /// port, started and accepting read-only queries.
    pub async fn replica(&self) -> PgCluster {
        let replica = PgCluster::prepare(self.bin.clone());
        run(replica
            .command("pg_basebackup")
            .args(["-h", "127.0.0.1", "-U", "postgres", "-R", "-X", "stream"])
            .args(["--checkpoint=fast", "--no-sync", "-p"])
            .arg(self.port.to_string())
            .arg("-D")
            .arg(replica.data()))
        .await;
        replica.launch().await
    }

    /// `postgres://postgres@127.0.0.1:<port>/<database>`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates `database` (on a primary).
    pub async fn create_database(&self, database: &str) {
        let admin = self.connect("postgres").await;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {database}"))
            .await
            .expect("create database");
        admin.close().await.ok();
    }

    /// A single connection to `database` for the test's own queries.
    pub async fn connect(&self, database: &str) -> DatabaseConnection {
        let mut options = sea_orm::ConnectOptions::new(self.url(database));
        options.max_connections(1).sqlx_logging(false);
        Database::connect(options)
            .await
            .expect("the test cluster answers")
    }

    /// Stops the server the way a crash or a pulled plug does (`-m immediate`): no
    /// checkpoint, clients cut off mid-statement.
    pub async fn stop(&mut self) {
        run(self
            .command("pg_ctl")
            .args(["-m", "immediate", "-w", "-D"])
            .arg(self.data())
            .arg("stop"))
        .await;
        self.running = false;
    }

    /// Starts the server again on the same port and data (after crash recovery).
    pub async fn start_again(&mut self) {
        self.pg_ctl_start().await;
        self.running = true;
    }

    fn prepare(bin: PathBuf) -> PgCluster {
        let root = std::env::temp_dir().join(format!("daleel-pg-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(root.join("sock")).expect("create the cluster directory");
        if running_as_root() {
            run_blocking(
                Command::new("chown")
                    .args(["-R", "postgres:postgres"])
                    .arg(&root),
            );
        }
        PgCluster {
            bin,
            root,
            port: free_port(),
            running: false,
        }
    }

    /// Starts the server; another process may take the port between `free_port` and
    /// here, so a failed start tries a new port.
    async fn launch(mut self) -> PgCluster {
        for attempt in 1..=3 {
            if self.pg_ctl_start_status().await {
                self.running = true;
                return self;
            }
            eprintln!(
                "PostgreSQL did not start on port {} (attempt {attempt})",
                self.port
            );
            self.port = free_port();
        }
        panic!(
            "PostgreSQL did not start; see {}",
            self.root.join("log").display()
        );
    }

    async fn pg_ctl_start(&self) {
        assert!(
            self.pg_ctl_start_status().await,
            "PostgreSQL did not start again; see {}",
            self.root.join("log").display()
        );
    }

    async fn pg_ctl_start_status(&self) -> bool {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.root.join("sock").display()
        );
        let mut command = self.command("pg_ctl");
        command
            .args(["-w", "-t", "30", "-D"])
            .arg(self.data())
            .arg("-l")
            .arg(self.root.join("log"))
            .args(["-o", &options, "start"]);
        let status = tokio::process::Command::from(command)
            .stdout(Stdio::null())
            .status()
            .await
            .expect("pg_ctl runs");
        status.success()
    }

    fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    /// `program` from the binaries directory, as the `postgres` user when we are root.
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if running_as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if self.running {
            let _ = self
                .command("pg_ctl")
                .args(["-m", "immediate", "-w", "-D"])
                .arg(self.data())
                .arg("stop")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Runs `sql` and returns the first column of its first row as an `i64`.
pub async fn query_i64(db: &impl ConnectionTrait, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get_by_index::<i64>(0)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Waits until `replica` has replayed everything `primary` has written so far.
pub async fn wait_for_replay(primary: &DatabaseConnection, replica: &DatabaseConnection) {
    let lsn = query_string(primary, "SELECT pg_current_wal_lsn()::text").await;
    let sql = format!("SELECT (pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn)::int::int8");
    let deadline = Instant::now() + Duration::from_secs(20);
    while query_i64(replica, &sql).await != 1 {
        assert!(Instant::now() < deadline, "the replica did not catch up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn query_string(db: &DatabaseConnection, sql: &str) -> String {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get_by_index::<String>(0)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The PostgreSQL binaries, or `None` (with a message) when there are none outside CI.
fn bindir() -> Option<PathBuf> {
    let configured = std::env::var_os("DALEEL_TEST_PG_BINDIR").map(PathBuf::from);
    let found = configured.or_else(|| {
        let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|entry| {
                let entry = entry.ok()?;
                let version = entry.file_name().to_str()?.parse().ok()?;
                Some((version, entry.path().join("bin")))
            })
            .collect();
        versions.sort();
        versions.pop().map(|(_, bin)| bin)
    });
    match found {
        Some(bin) if bin.join("initdb").exists() && bin.join("pg_basebackup").exists() => Some(bin),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("no PostgreSQL binaries (initdb, pg_ctl, pg_basebackup), and CI requires them")
        }
        _ => {
            eprintln!(
                "skipped: no PostgreSQL binaries (set DALEEL_TEST_PG_BINDIR to their directory)"
            );
            None
        }
    }
}

fn running_as_root() -> bool {
    let output = Command::new("id").arg("-u").output().expect("id runs");
    String::from_utf8_lossy(&output.stdout).trim() == "0"
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

fn append(path: &Path, text: &str) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("open the configuration");
    file.write_all(text.as_bytes())
        .expect("write the configuration");
}

async fn run(command: &mut Command) {
    let description = format!("{command:?}");
    let owned = std::mem::replace(command, Command::new("true"));
    let output = tokio::process::Command::from(owned)
        .output()
        .await
        .unwrap_or_else(|e| panic!("{description}: {e}"));
    assert!(
        output.status.success(),
        "{description} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn run_blocking(command: &mut Command) {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
