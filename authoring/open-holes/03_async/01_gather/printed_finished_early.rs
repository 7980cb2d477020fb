//! WRONG forgery: download_file prints "Finished" before the download even starts, so the printed log looks like the tutorial's while the real order is lost
//! GAP: the tests read spans and return values only, never stdout: the tutorial's printed Downloading/Finished lines are not checked
use futures::future::join_all;
use std::future::Future;
use toolkit::io::Downloader;

pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    println!("Finished {name}");
    downloader.download(name).await
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
