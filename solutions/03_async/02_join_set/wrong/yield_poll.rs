//! try_join_next does not wait, so I keep asking it until the JoinSet is empty, and
//! `yield_now` between two asks so the download tasks get their turn.

use tokio::task::JoinSet;
use toolkit::io::Downloader;

/// Downloads every file at once, each in its own task, and hands each result over as soon
/// as `try_join_next` has it.
pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    let mut tasks = JoinSet::new();
    for &name in names {
        let name = name.to_owned();
        let downloader = downloader.clone();
        tasks.spawn(async move { downloader.download(&name).await });
    }
    while !tasks.is_empty() {
        match tasks.try_join_next() {
            Some(finished) => on_finished(finished.expect("a download task panicked")),
            None => tokio::task::yield_now().await,
        }
    }
}
