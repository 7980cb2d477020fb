//! spawn_blocking, then I check `is_finished()` in a loop with `yield_now` between checks, so other tasks get their turn.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let handle = tokio::task::spawn_blocking(job);
    while !handle.is_finished() {
        tokio::task::yield_now().await;
    }
    match handle.await {
        Ok(value) => value,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}
