//! `limit` workers, each taking a fair share of the requests (every limit-th one).

use futures::future::join_all;
use toolkit::io::Downloader;

/// `gather` behind a semaphore.
pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let limit = limit.max(1);
    let mut slots = vec![String::new(); names.len()];
    let workers = (0..limit).map(|w| async move {
        let mut mine = Vec::new();
        for i in (w..names.len()).step_by(limit) {
            mine.push((i, downloader.download(names[i]).await));
        }
        mine
    });
    for (i, contents) in join_all(workers).await.into_iter().flatten() {
        slots[i] = contents;
    }
    slots
}
