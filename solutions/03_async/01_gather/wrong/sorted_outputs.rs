//! join_all runs them together; then I sort the outputs so they come back File-0, File-1,
//! File-2 whatever finished first.

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
pub async fn gather<F>(tasks: Vec<F>) -> Vec<F::Output>
where
    F: Future,
    F::Output: Ord,
{
    let mut outputs = join_all(tasks).await;
    outputs.sort();
    outputs
}

/// The tutorial's `main`.
pub async fn main(downloader: &Downloader) -> Vec<String> {
    let tasks = (0..3)
        .map(|i| format!("File-{i}"))
        .map(|name| async move { download_file(downloader, &name).await })
        .collect();
    gather(tasks).await
}

