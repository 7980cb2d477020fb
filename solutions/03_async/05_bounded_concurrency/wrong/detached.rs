//! Starts every download in a detached task under a shared semaphore and returns the contents at once: the downloads finish after the call.
use std::sync::Arc;
use tokio::sync::Semaphore;
use toolkit::io::Downloader;

pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let sem = Arc::new(Semaphore::new(limit));
    for name in names {
        let sem = sem.clone();
        let d = downloader.clone();
        let name = name.to_string();
        tokio::spawn(async move {
            let _permit = sem.acquire_owned().await;
            d.download(&name).await
        });
    }
    names.iter().map(|n| toolkit::io::content(n)).collect()
}
