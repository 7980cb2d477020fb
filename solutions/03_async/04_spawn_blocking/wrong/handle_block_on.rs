//! spawn_blocking gives a handle; I wait for it on the current runtime's handle.

/// `asyncio.to_thread(job)`.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let handle = tokio::runtime::Handle::current();
    handle
        .block_on(tokio::task::spawn_blocking(job))
        .expect("the job panicked")
}
