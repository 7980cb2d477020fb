//! Like a worker pool: before I build each request, I wait for a permit, and the request
//! keeps it until its download is done; then I await them all together.

use futures::future::join_all;
use std::sync::Arc;
use tokio::sync::Semaphore;
use toolkit::io::Downloader;

pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let sem = Arc::new(Semaphore::new(limit));
    let mut fetches = Vec::new();
    for &name in names {
        let permit = sem.clone().acquire_owned().await.expect("never closed");
        fetches.push(async move {
            let _permit = permit;
            downloader.download(name).await
        });
    }
    join_all(fetches).await
}
