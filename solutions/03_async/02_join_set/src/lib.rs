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
//! Reference solution: spawn one task per file into a [`tokio::task::JoinSet`], then call
//! `join_next` until it returns `None`: it hands back each result as its task finishes.

use std::time::Duration;
use tokio::task::JoinSet;
use toolkit::Timeline;
use toolkit::io::Downloader;

/// Downloads every `(name, how long it takes)` in `files` at the same time, each in its own
/// spawned task, recording them on `timeline`. Returns the contents **in the order the
/// downloads finished**, the fastest first.
pub async fn as_completed(timeline: &Timeline, files: &[(&str, Duration)]) -> Vec<String> {
    let mut set = JoinSet::new();
    for &(name, seconds) in files {
        // A spawned task may outlive this function, so it must own what it uses
        // (`'static`): an owned name and its own Downloader (a cheap clone of the timeline).
        let name = name.to_owned();
        let downloader = Downloader::new(timeline.clone(), seconds);
        set.spawn(async move { downloader.fetch(&name).await });
    }

    let mut contents = Vec::with_capacity(files.len());
    // `join_next` waits for whichever task finishes next, not for the first one spawned.
    while let Some(finished) = set.join_next().await {
        contents.push(finished.expect("a download task panicked"));
    }
    contents
}
