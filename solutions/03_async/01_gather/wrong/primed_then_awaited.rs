//! Futures are lazy, so I start every task first (one `poll!` each, which sets its timer
//! going), then `.await` them in order: they all wait at the same time, and the outputs are
//! in the order of the tasks.

use std::future::Future;
use toolkit::io::Downloader;

/// The tutorial's `download_file`.
pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let contents = downloader.download(name).await;
    println!("Finished {name}");
    contents
}

/// `asyncio.gather`: start them all, then collect them in order.
pub async fn gather<F: Future>(tasks: Vec<F>) -> Vec<F::Output> {
    let mut started: Vec<_> = tasks.into_iter().map(Box::pin).collect();
    let mut done: Vec<Option<F::Output>> = Vec::new();
    for task in started.iter_mut() {
        // Kick each one off: after this poll, its download is under way.
        match futures::poll!(task.as_mut()) {
            std::task::Poll::Ready(output) => done.push(Some(output)),
            std::task::Poll::Pending => done.push(None),
        }
    }
    let mut outputs = Vec::new();
    for (task, ready) in started.into_iter().zip(done) {
        outputs.push(match ready {
            Some(output) => output,
            None => task.await,
        });
    }
    outputs
}

/// The tutorial's `main`.
pub async fn main(downloader: &Downloader) -> Vec<String> {
    let tasks = (0..3)
        .map(|i| format!("File-{i}"))
        .map(|name| async move { download_file(downloader, &name).await })
        .collect();
    gather(tasks).await
}
