//! One JoinSet, one task per file, join_next for each result: by the book.

use tokio::task::JoinSet;
use toolkit::io::Downloader;

/// `asyncio.as_completed`.
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
        if let Some(done) = tasks.join_next().await {
            on_finished(done.unwrap());
        }
    }
}
