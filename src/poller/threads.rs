//! The threads probes run on, apart from the poller's own runtime.

use std::sync::OnceLock;

/// Threads that run probes at most: the machine's cores, up to this.
const PROBE_THREADS_MAX: usize = 4;

/// The runtime probes run on, built at first use: a multi-thread runtime with a worker
/// per core (at most [`PROBE_THREADS_MAX`]). Probes run apart from the poller's own
/// runtime, where a snapshot of thousands of channels takes milliseconds to build, and
/// an answer that came in meanwhile would wait for it to be read.
pub fn probe_runtime() -> Result<tokio::runtime::Handle, String> {
    static RT: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    let rt = RT.get_or_init(|| {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(PROBE_THREADS_MAX);
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .thread_name("probe")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the probe runtime: {e}"))
    });
    rt.as_ref()
        .map(|r| r.handle().clone())
        .map_err(Clone::clone)
}
