//! spawn_blocking runs the job elsewhere; it sends me the result over a channel.

/// `asyncio.to_thread(job)`.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (tx, rx) = std::sync::mpsc::channel();
    tokio::task::spawn_blocking(move || {
        let _ = tx.send(job());
    });
    rx.recv().expect("the job panicked")
}
