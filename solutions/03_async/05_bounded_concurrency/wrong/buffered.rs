//! A stream of downloads, `buffered(limit)`: at most `limit` in flight, results in order.

use futures::StreamExt;
use futures::stream;
use toolkit::io::Downloader;

/// `gather` behind a semaphore.
pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    stream::iter(names.iter().map(|name| downloader.download(name)))
        .buffered(limit)
        .collect()
        .await
}
