//! A scoped thread runs the job elsewhere and hands back its result when the scope ends.

/// `asyncio.to_thread(job)`.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    std::thread::scope(|s| s.spawn(job).join().expect("the job panicked"))
}
