//! spawn_blocking, then `.expect(...)` on the JoinError: if the job panics, the caller panics with my message instead of the job's.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(job)
        .await
        .expect("the blocking job failed")
}
