//! I awaited each task in a loop and pushed its output: the outputs are right, so it must be
//! fine?

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
    for task in tasks {
        outputs.push(task.await);
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

