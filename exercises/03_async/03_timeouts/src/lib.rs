//! # timeouts — deadlines, and cancelling what is late
//!
//! A real download can hang. Python puts a deadline on one wait with `asyncio.wait_for`, and
//! on a whole batch with `asyncio.wait(..., timeout=...)`:
//!
//! ```python
//! try:
//!     data = await asyncio.wait_for(download_file(name), timeout=2.5)
//! except asyncio.TimeoutError:
//!     print(f"{name} timed out")      # and the download was cancelled
//!
//! done, pending = await asyncio.wait(tasks, timeout=2.5)
//! for task in pending:
//!     task.cancel()
//! ```
//!
//! In Rust, cancelling a future means **dropping** it: it is never polled again, so it stops
//! at the `.await` where it was waiting. `tokio::time::timeout` drops the inner future when
//! the time is up; `tokio::select!` drops every branch that did not win.
//!
//! Your task: write [`fetch_with_timeout`], then [`fetch_until`]. See README.md.

use std::fmt;
use std::time::Duration;
use toolkit::io::Downloader;

/// The error for a download that did not finish in time (and was cancelled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedOut {
    /// The file that was being downloaded.
    pub name: String,
    /// The time limit it ran into.
    pub after: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} timed out after {:?}", self.name, self.after)
    }
}

impl std::error::Error for TimedOut {}

/// Downloads `name`, but gives up after `limit`: returns its contents if it finished in time,
/// or [`TimedOut`] if not. A late download is **cancelled**, not left running.
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub async fn fetch_with_timeout(
    downloader: &Downloader,
    name: &str,
    limit: Duration,
) -> Result<String, TimedOut> {
    // TODO: wrap `downloader.download(name)` in `tokio::time::timeout`.
    todo!("put a time limit on downloader.download(name)")
}

/// Downloads every file in `names` at the same time with `downloader`, until `deadline` has
/// passed. Returns the contents of those that finished by then, **in the order they
/// finished**, and cancels the rest. If all finish early, returns as soon as the last one
/// does.
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub async fn fetch_until(
    downloader: &Downloader,
    names: &[&str],
    deadline: Duration,
) -> Vec<String> {
    // TODO: race "the next download finishes" against one deadline timer with
    // `tokio::select!`, in a loop.
    todo!("collect finished downloads until the deadline, then drop the rest")
}
