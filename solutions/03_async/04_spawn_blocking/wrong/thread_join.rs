//! A blocking job belongs on its own thread: I spawn one and join it.

/// `asyncio.to_thread(job)`.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    std::thread::spawn(job).join().expect("the job panicked")
}
