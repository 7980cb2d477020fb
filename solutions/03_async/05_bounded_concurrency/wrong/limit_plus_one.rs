//! A semaphore, plus one permit for the request that is just finishing.

use futures::future::join_all;
use tokio::sync::Semaphore;
use toolkit::io::Downloader;

/// `gather` behind a semaphore.
pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let sem = Semaphore::new(limit + 1);
    let sem = &sem;
    join_all(names.iter().map(|name| async move {
        let _permit = sem.acquire().await.unwrap();
        downloader.download(name).await
    }))
    .await
}
