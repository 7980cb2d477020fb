//! Mistake: spawns each download with a bare tokio::spawn and waits on a FuturesUnordered of the JoinHandles (no JoinSet), so a caller that gives up on as_completed (a timeout, a select!) leaves every download running, detached.
//! What it hoped to slip past (review round 7): no test ever drops the as_completed future before it finishes: the "detached" check runs only after a call that returned normally, having joined every handle, so JoinSet's abort-on-drop is never exercised.
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use tokio::task::JoinHandle;
use toolkit::io::Downloader;

/// Downloads every file at once, each in its own spawned task, and hands each result over
/// the moment its task finishes.
pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    let mut running: FuturesUnordered<JoinHandle<String>> = names
        .iter()
        .map(|&name| {
            let downloader = downloader.clone();
            let name = name.to_owned();
            tokio::spawn(async move { downloader.download(&name).await })
        })
        .collect();
    // Each handle resolves when its task is done: whichever finishes first comes first.
    while let Some(finished) = running.next().await {
        on_finished(finished.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())));
    }
}
