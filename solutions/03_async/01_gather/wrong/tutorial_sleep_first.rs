//! Mistake: download_file keeps the tutorial's `await asyncio.sleep(2)` BEFORE the download ("print, sleep, then fetch"), so every gathered call takes 4 s instead of 2 s.
//! What it hoped to slip past (review round 7): the tests only align the call's END with the last download (expect_returned_with_the_last) and measure totals from the first span's start, never that the downloads start when the call starts, so a wait before them is invisible.
use futures::future::join_all;
use std::future::Future;
use std::time::Duration;
use toolkit::io::Downloader;

/// The tutorial's `download_file`: prints, waits, downloads, prints again.
pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    // await asyncio.sleep(2)  # the tutorial's non-blocking sleep, kept in front of the fetch
    tokio::time::sleep(Duration::from_secs(2)).await;
    let contents = downloader.download(name).await;
    println!("Finished {name}");
    contents
}

/// `asyncio.gather(*tasks)`: every future at once, outputs in the order of `tasks`.
pub async fn gather<F: Future>(tasks: Vec<F>) -> Vec<F::Output> {
    join_all(tasks).await
}

/// The tutorial's `main`: downloads File-0, File-1 and File-2 at once, returns their contents.
pub async fn main(downloader: &Downloader) -> Vec<String> {
    let tasks = (0..3)
        .map(|i| format!("File-{i}"))
        .map(|name| async move { download_file(downloader, &name).await })
        .collect();
    gather(tasks).await
}
