//! I popped the tasks off the end of the Vec into join_all, and forgot that this reverses them.
use futures::future::join_all;
use std::future::Future;
use toolkit::io::Downloader;

pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let contents = downloader.download(name).await;
    println!("Finished {name}");
    contents
}

pub async fn gather<F: Future>(mut tasks: Vec<F>) -> Vec<F::Output> {
    let mut started = Vec::new();
    while let Some(task) = tasks.pop() {
        started.push(task);
    }
    join_all(started).await
}

pub async fn main(downloader: &Downloader) -> Vec<String> {
    let tasks = (0..3)
        .map(|i| format!("File-{i}"))
        .map(|name| async move { download_file(downloader, &name).await })
        .collect();
    gather(tasks).await
}
