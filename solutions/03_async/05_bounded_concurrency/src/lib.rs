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
//! Reference solution: the same shape with [`tokio::sync::Semaphore`]. The permit is a value;
//! dropping it (at the end of the block) gives it back, and the next waiting request starts.

use futures::future::join_all;
use tokio::sync::Semaphore;
use toolkit::io::Downloader;

/// Downloads every file in `names` with `downloader`, with **at most `limit` running at
/// once**: as soon as one finishes, the next waiting one starts. Returns the contents in the
/// order of `names`.
pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    // sem = asyncio.Semaphore(limit)
    let sem = Semaphore::new(limit);
    let fetches = names.iter().map(|name| {
        let sem = &sem;
        async move {
            // `async with sem:` — wait here until one of the `limit` permits is free.
            let _permit = sem.acquire().await.expect("the semaphore is never closed");
            downloader.download(name).await
            // `_permit` is dropped here, which hands the permit to the next waiter.
        }
    });
    // results = await asyncio.gather(*(fetch(name) for name in names))
    join_all(fetches).await
}
