//! I spawn one background task that downloads everything (as it finishes) and sends me the
//! whole list back.

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use toolkit::io::Downloader;

/// `asyncio.as_completed`.
pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let downloader = downloader.clone();
    let all = tokio::spawn(async move {
        let mut running: FuturesUnordered<_> =
            names.iter().map(|name| downloader.download(name)).collect();
        let mut done = Vec::new();
        while let Some(contents) = running.next().await {
            done.push(contents);
        }
        done
    })
    .await
    .unwrap();
    for contents in all {
        on_finished(contents);
    }
}
