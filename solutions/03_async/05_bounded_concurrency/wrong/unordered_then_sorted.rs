//! buffer_unordered, then I sort the results so they come back tidy.

use futures::StreamExt;
use futures::stream;
use toolkit::io::Downloader;

/// `gather` behind a semaphore.
pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let mut contents: Vec<String> = stream::iter(names.iter().map(|name| downloader.download(name)))
        .buffer_unordered(limit)
        .collect()
        .await;
    contents.sort();
    contents
}
