//! Threads of daleel's own beside the request workers, for work a request need not do
//! on its own thread: running a batch's statements and decoding its rows, so a level's
//! rows (and the citations' rows beside them) are read on another core while the
//! request goes on resolving what has arrived. Started once by the server; without
//! them (the batcher's own tests, the benchmark's in-process statement count) the work
//! stays on the caller's thread.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Builder, Handle, Runtime};

static THREADS: OnceLock<Option<Runtime>> = OnceLock::new();

/// Starts `threads` threads (once per process; later calls change nothing). If they
/// cannot be started, the work stays on the callers' threads, as it would without.
pub fn start(threads: usize) {
    THREADS.get_or_init(|| {
        let built = Builder::new_multi_thread()
            .worker_threads(threads.max(1))
            .thread_name("daleel-offload")
            .enable_all()
            .build();
        match built {
            Ok(runtime) => Some(runtime),
            Err(error) => {
                tracing::warn!(%error, "offload threads could not start; their work stays on the request threads");
                None
            }
        }
    });
}

fn handle() -> Option<&'static Handle> {
    THREADS.get()?.as_ref().map(Runtime::handle)
}

/// Runs `work` on the offload threads when they are started, here otherwise. `None`
/// when it ended without an answer there (it panicked).
pub async fn run<F>(work: F) -> Option<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    match handle() {
        Some(handle) => handle.spawn(work).await.ok(),
        None => Some(work.await),
    }
}
