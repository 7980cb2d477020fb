//! I run the job in a task of its own, so the other tasks are not held up.

/// `asyncio.to_thread(job)`.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::spawn(async move { job() })
        .await
        .expect("the job panicked")
}
