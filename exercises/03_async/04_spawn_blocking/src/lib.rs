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
//! Your task: make [`run_blocking`] keep the job off the runtime's thread. See README.md.

/// Runs the blocking `job` without blocking the async runtime, and returns its result.
/// Other tasks (on the same runtime thread, too) keep running while `job` does.
pub async fn run_blocking<T, F>(job: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // TODO: this runs the job right here, on the runtime's thread: the result is right, but
    // every other task stops until the job is done. Hand it to `tokio::task::spawn_blocking`
    // and await the handle instead.
    job()
}
