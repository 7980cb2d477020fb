//! At most `limit` at once: I cut the requests into chunks of `limit` and gather each chunk.

use futures::future::join_all;
use toolkit::io::Downloader;

/// `gather` behind a semaphore.
pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let mut contents = Vec::new();
    for chunk in names.chunks(limit.max(1)) {
        contents.extend(join_all(chunk.iter().map(|name| downloader.download(name))).await);
    }
    contents
}
