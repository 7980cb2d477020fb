//! WRONG forgery: holds `limit` downloads in flight by a hand-rolled counter of running futures polled in a FuturesOrdered refilled as each finishes, with no Semaphore at all
//! GAP: the tests read only spans (peak == limit, every permit kept busy, input order); nothing checks that a Semaphore is used, and head-of-line is avoided by refilling on any finish
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use toolkit::io::Downloader;

pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let mut results: Vec<Option<String>> = vec![None; names.len()];
    let mut running = FuturesUnordered::new();
    let mut next = 0;
    while next < names.len() || !running.is_empty() {
        while running.len() < limit.max(1) && next < names.len() {
            let i = next;
            let name = names[i];
            running.push(async move { (i, downloader.download(name).await) });
            next += 1;
        }
        if let Some((i, contents)) = running.next().await {
            results[i] = Some(contents);
        }
    }
    results.into_iter().map(|r| r.unwrap_or_default()).collect()
}
