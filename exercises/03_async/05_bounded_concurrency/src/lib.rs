//! # bounded_concurrency — thousands of requests, at most N at once
//!
//! The tutorial says asyncio is "perfect for handling thousands of simultaneous I/O tasks".
//! Thousands at once is cheap for the event loop, but not for the server on the other end:
//! real clients cap how many requests are in flight. Python does it with a semaphore:
//!
//! ```python
//! sem = asyncio.Semaphore(limit)
//!
//! async def fetch(name):
//!     async with sem:               # wait for a permit; give it back on the way out
//!         return await download_file(name)
//!
//! results = await asyncio.gather(*(fetch(name) for name in names))
//! ```
//!
//! Your task: write [`download_all`] with a `tokio::sync::Semaphore`. See README.md.

use toolkit::io::Downloader;

/// Downloads every file in `names` with `downloader`, with **at most `limit` running at
/// once**: as soon as one finishes, the next waiting one starts. Returns the contents in the
/// order of `names`.
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    // TODO: one future per request that first acquires a permit from a Semaphore of `limit`
    // permits, then downloads; await them all together (futures::future::join_all).
    todo!("gather every request, each holding a semaphore permit while it downloads")
}
