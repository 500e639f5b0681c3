//! Runs the Node.js checks in `tests/node/` (the ecosystem's own clients and tools)
//! against a live server. `npm ci` installs them from the lockfile on first use;
//! `.ci/run` installs them up front.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

/// The directory holding `package.json` and the check scripts.
pub fn node_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/node")
}

static INSTALL: Mutex<bool> = Mutex::new(false);

/// Makes sure `tests/node/node_modules` is installed. Returns false (and the caller
/// skips) only when Node.js itself is missing outside CI; in CI that is a failure.
pub fn ensure_installed() -> bool {
    let mut installed = INSTALL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if *installed {
        return true;
    }
    if Command::new("node").arg("--version").output().is_err() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("node is not installed, and CI requires the Node.js checks");
        }
        eprintln!("skipped: node is not installed");
        return false;
    }
    let dir = node_dir();
    if !is_current(&dir) {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci in tests/node failed");
    }
    *installed = true;
    true
}

/// Whether `node_modules` was installed from the current lockfile (npm writes
/// `node_modules/.package-lock.json` on install).
fn is_current(dir: &std::path::Path) -> bool {
    let modified = |path: PathBuf| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    match (
        modified(dir.join("node_modules/.package-lock.json")),
        modified(dir.join("package-lock.json")),
    ) {
        (Some(installed), Some(locked)) => installed >= locked,
        _ => false,
    }
}

/// Runs `node tests/node/<script> <args>` and returns its standard output; fails the
/// test with the script's output when it exits non-zero or outlives `timeout`.
pub async fn run_script(script: &str, args: &[&str], timeout: Duration) -> String {
    let mut command = tokio::process::Command::new("node");
    command
        .arg(node_dir().join(script))
        .args(args)
        .current_dir(node_dir())
        .kill_on_drop(true);
    let output = tokio::time::timeout(timeout, command.output())
        .await
        .unwrap_or_else(|_| panic!("{script} did not finish within {timeout:?}"))
        .expect("node starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    stdout
}
