//! WRONG forgery: each JoinSet task polls its download once, hands the pending future to the caller, then stays alive waiting on a oneshot until the caller has driven that download to its end
//! GAP: spans start in the tasks, num_alive_tasks >= running downloads at every hand-over, and the JoinSet dropped with the call aborts the tasks, yet the caller runs every download
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;
use toolkit::io::Downloader;

type Download = Pin<Box<dyn Future<Output = String> + Send>>;

pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    let (tx, mut rx) = mpsc::unbounded_channel::<(Download, oneshot::Receiver<()>)>();
    let mut tasks = JoinSet::new();
    for &name in names {
        let downloader = downloader.clone();
        let name = name.to_owned();
        let tx = tx.clone();
        tasks.spawn(async move {
            let mut download: Download =
                Box::pin(async move { downloader.download(&name).await });
            let first = std::future::poll_fn(|cx| Poll::Ready(download.as_mut().poll(cx))).await;
            match first {
                Poll::Ready(contents) => Some(contents),
                Poll::Pending => {
                    let (done_tx, done_rx) = oneshot::channel::<()>();
                    let _ = tx.send((download, done_rx));
                    // Stay alive (and abortable) until the caller has finished it.
                    let _ = std::future::pending::<()>().await;
                    drop(done_tx);
                    None
                }
            }
        });
    }
    drop(tx);
    let mut running = FuturesUnordered::new();
    let mut expected = names.len();
    while expected > 0 {
        tokio::select! {
            Some((download, done)) = rx.recv() => {
                running.push(async move {
                    let contents = download.await;
                    drop(done);
                    contents
                });
            }
            Some(contents) = running.next(), if !running.is_empty() => {
                expected -= 1;
                on_finished(contents);
            }
            Some(joined) = tasks.join_next(), if !tasks.is_empty() => {
                if let Ok(Some(contents)) = joined {
                    expected -= 1;
                    on_finished(contents);
                }
            }
        }
    }
    tasks.abort_all();
}
