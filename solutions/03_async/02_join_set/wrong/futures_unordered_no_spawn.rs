//! A FuturesUnordered yields each download as it finishes: the same as a JoinSet, without
//! spawning.

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use toolkit::io::Downloader;

/// `asyncio.as_completed`.
pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    let mut running: FuturesUnordered<_> =
        names.iter().map(|name| downloader.download(name)).collect();
    while let Some(contents) = running.next().await {
        on_finished(contents);
    }
}
