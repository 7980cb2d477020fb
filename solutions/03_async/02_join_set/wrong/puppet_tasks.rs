//! One task per file is spawned, but each only waits on a oneshot; the downloads all run in a FuturesUnordered inside the first task, which feeds the others.
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use toolkit::io::Downloader;

pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    let mut tasks = JoinSet::new();
    let mut senders = Vec::new();
    for _ in names {
        let (tx, rx) = oneshot::channel::<String>();
        senders.push(tx);
        tasks.spawn(async move { rx.await.unwrap_or_default() });
    }
    let owned: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let downloader = downloader.clone();
    tasks.spawn(async move {
        let mut downloads: FuturesUnordered<_> = owned
            .iter()
            .zip(senders)
            .map(|(n, tx)| {
                let d = downloader.clone();
                async move {
                    let c = d.download(n).await;
                    let _ = tx.send(c);
                }
            })
            .collect();
        while downloads.next().await.is_some() {}
        String::new()
    });
    while let Some(finished) = tasks.join_next().await {
        let c = finished.expect("a task panicked");
        if !c.is_empty() {
            on_finished(c);
        }
    }
}
