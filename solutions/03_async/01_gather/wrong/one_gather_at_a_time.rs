//! I guard gather with a static async Mutex so two gathers never mix their "Downloading…" lines: inside one call everything runs at once, but a second gather running at the same time waits for the first.
use futures::future::join_all;
use std::future::Future;
use tokio::sync::Mutex;
use toolkit::io::Downloader;

static GATHERING: Mutex<()> = Mutex::const_new(());

pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let contents = downloader.download(name).await;
    println!("Finished {name}");
    contents
}

pub async fn gather<F: Future>(tasks: Vec<F>) -> Vec<F::Output> {
    // One gather at a time, so the output stays readable.
    let _turn = GATHERING.lock().await;
    join_all(tasks).await
}

pub async fn main(downloader: &Downloader) -> Vec<String> {
    let tasks = (0..3)
        .map(|i| format!("File-{i}"))
        .map(|name| async move { download_file(downloader, &name).await })
        .collect();
    gather(tasks).await
}
