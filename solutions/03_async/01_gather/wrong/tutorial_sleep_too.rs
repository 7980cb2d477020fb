//! I kept the tutorial's `asyncio.sleep(2)` in download_file as well as the download, so each task waits 2 s and then downloads.
use futures::future::join_all;
use std::future::Future;
use std::time::Duration;
use toolkit::io::Downloader;

pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let contents = downloader.download(name).await;
    tokio::time::sleep(Duration::from_secs(2)).await; // await asyncio.sleep(2)
    println!("Finished {name}");
    contents
}

pub async fn gather<F: Future>(tasks: Vec<F>) -> Vec<F::Output> {
    join_all(tasks).await
}

pub async fn main(downloader: &Downloader) -> Vec<String> {
    let tasks = (0..3)
        .map(|i| format!("File-{i}"))
        .map(|name| async move { download_file(downloader, &name).await })
        .collect();
    gather(tasks).await
}
