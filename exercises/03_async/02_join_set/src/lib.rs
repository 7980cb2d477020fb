//! # join_set — spawn tasks, handle each result the moment it arrives
//!
//! The tutorial's downloads all take 2 s. Real ones don't: some files are small, some large,
//! and you cannot tell in advance. Python hands over each result as soon as it is ready with
//! `asyncio.as_completed`:
//!
//! ```python
//! tasks = [asyncio.create_task(download_file(name)) for name in names]
//! for finished in asyncio.as_completed(tasks):
//!     print(await finished)
//! ```
//!
//! Your task: write [`as_completed`] with a `tokio::task::JoinSet`. See README.md.

use toolkit::io::Downloader;

/// Downloads every file in `names` at the same time, each in its own spawned task, with
/// `downloader`, and calls `on_finished(contents)` for each one **the moment its download
/// finishes** — the fastest first. Returns when every download has been handed over.
///
/// One download: `downloader.download(&name).await` (a spawned task needs its own clone of
/// the downloader and an owned name).
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables, unused_mut)]
pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    // TODO: spawn one task per file into a JoinSet, then call `on_finished` in a
    // `join_next` loop.
    todo!("spawn a task per file into a JoinSet and hand each result over as it finishes")
}
