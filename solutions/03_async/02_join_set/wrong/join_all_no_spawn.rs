//! join_all already runs them all at once on this thread; no need to spawn anything.

use futures::future::join_all;
use toolkit::io::Downloader;

/// `asyncio.as_completed`.
pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    let all = join_all(names.iter().map(|name| downloader.download(name))).await;
    for contents in all {
        on_finished(contents);
    }
}
