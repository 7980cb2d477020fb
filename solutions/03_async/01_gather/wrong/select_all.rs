//! I race the tasks with select_all and keep whatever comes out, until none are left.

use futures::FutureExt;
use futures::future::select_all;
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
    let mut outputs = Vec::new();
    let mut pending: Vec<_> = tasks.into_iter().map(|t| t.boxed_local()).collect();
    while !pending.is_empty() {
        let (output, _index, rest) = select_all(pending).await;
        outputs.push(output);
        pending = rest;
    }
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

