//! block_in_place tells tokio that this bit blocks, so the runtime can work around it.

/// `asyncio.to_thread(job)`.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::block_in_place(job)
}
