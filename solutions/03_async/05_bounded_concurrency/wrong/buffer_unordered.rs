//! `buffer_unordered(limit)` keeps every permit busy: the next request starts as soon as any
//! one finishes.

use futures::StreamExt;
use futures::stream;
use toolkit::io::Downloader;

/// `gather` behind a semaphore.
pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    stream::iter(names.iter().map(|name| downloader.download(name)))
        .buffer_unordered(limit)
        .collect()
        .await
}
