//! # gather — the tutorial's `asyncio.gather`, in Rust
//!
//! ```python
//! async def download_file(name):
//!     print(f"Downloading {name}...")
//!     await asyncio.sleep(2)  # Non-blocking sleep
//!     print(f"Finished {name}")
//!
//! async def main():
//!     tasks = [download_file(f"File-{i}") for i in range(3)]
//!     await asyncio.gather(*tasks)
//! ```
//!
//! Your task: make [`gather`] run its futures **at the same time**. See README.md.

use std::future::Future;
use toolkit::io::Downloader;

/// The tutorial's `download_file`: prints, waits for the download without blocking the
/// thread, prints again, and returns the file's contents. (Done: leave it as it is.)
pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let contents = downloader.download(name).await;
    println!("Finished {name}");
    contents
}

/// `asyncio.gather(*tasks)`: runs every future in `tasks` at the same time and returns their
/// outputs **in the order of `tasks`**, whichever finished first.
pub async fn gather<F: Future>(tasks: Vec<F>) -> Vec<F::Output> {
    // TODO: this awaits each future before it even starts the next one, so three 2 s
    // downloads take 6 s. The outputs are right; *how* it ran is wrong. Await them all
    // together instead (futures::future::join_all), keeping the order of `tasks`.
    let mut outputs = Vec::new();
    for task in tasks {
        outputs.push(task.await);
    }
    outputs
}

/// The tutorial's `main`: downloads File-0, File-1 and File-2 at once, returns their contents.
/// (Done: it is correct as soon as `gather` is.)
pub async fn main(downloader: &Downloader) -> Vec<String> {
    // Calling an async fn runs nothing yet: it only builds a future. The list holds three
    // downloads that have not started; `gather` starts them.
    let tasks = (0..3)
        .map(|i| format!("File-{i}"))
        .map(|name| async move { download_file(downloader, &name).await })
        .collect();
    gather(tasks).await
}
