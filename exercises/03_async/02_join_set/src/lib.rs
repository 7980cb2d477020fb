//! # join_set — spawn tasks, collect them as they finish
//!
//! The tutorial's downloads all take 2 s. Real ones don't: some files are small, some large.
//! Python would use `asyncio.as_completed` (or a `TaskGroup`) to handle each result the
//! moment it arrives:
//!
//! ```python
//! tasks = [asyncio.create_task(download_file(name, seconds)) for name, seconds in files]
//! for finished in asyncio.as_completed(tasks):
//!     print(await finished)
//! ```
//!
//! Your task: write [`as_completed`] with a `tokio::task::JoinSet`. See README.md.

use std::time::Duration;
use toolkit::Timeline;

/// Downloads every `(name, how long it takes)` in `files` at the same time, each in its own
/// spawned task, recording them on `timeline`. Returns the contents **in the order the
/// downloads finished**, the fastest first.
///
/// One download: `toolkit::io::Downloader::new(timeline.clone(), seconds).fetch(name).await`.
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub async fn as_completed(timeline: &Timeline, files: &[(&str, Duration)]) -> Vec<String> {
    // TODO: spawn one task per file into a JoinSet, then collect with `join_next`.
    todo!("spawn a task per file into a JoinSet and collect the results as they finish")
}
