//! # spawn_blocking_ex — don't block the event loop
//!
//! The tutorial warns that asyncio is "not suitable for heavy CPU tasks — will block the event
//! loop". The same goes for any call that blocks: `time.sleep`, a synchronous file read, a
//! long computation. While it runs, the loop's one thread is busy and no other task moves.
//! Python hands such work to a thread and awaits it:
//!
//! ```python
//! result = await asyncio.to_thread(blocking_job)
//! ```
//!
//! tokio's counterpart is [`tokio::task::spawn_blocking`]: it runs a closure on a separate
//! pool of threads meant for blocking, and gives back a handle you can `.await`.
//!
//! Reference solution.

/// Runs the blocking `job` without blocking the async runtime, and returns its result.
/// Other tasks (on the same runtime thread, too) keep running while `job` does.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // The job moves to tokio's blocking thread pool; awaiting its handle yields this thread
    // back to the runtime until the job is done.
    match tokio::task::spawn_blocking(job).await {
        Ok(value) => value,
        // The job panicked on the other thread: carry its panic over to this one.
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}
