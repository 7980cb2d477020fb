//! I put the tasks in a FuturesUnordered: they all run at once, and I collect each output as
//! soon as it is ready.

use futures::StreamExt;
use futures::stream::FuturesUnordered;
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
    let running: FuturesUnordered<F> = tasks.into_iter().collect();
    running.collect().await
}

/// The tutorial's `main`.
pub async fn main(downloader: &Downloader) -> Vec<String> {
    let tasks = (0..3)
        .map(|i| format!("File-{i}"))
        .map(|name| async move { download_file(downloader, &name).await })
        .collect();
    gather(tasks).await
}

