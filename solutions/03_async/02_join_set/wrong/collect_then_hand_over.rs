//! JoinSet and join_next give me the finishing order; I gather the results first and hand
//! them over once everything is in.

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
    }
    let results = tasks.join_all().await;
    for contents in results {
        on_finished(contents);
    }
}
