//! Forgery: each spawned task only polls its download once (so the span opens in that task) and hands the pending future back; the caller then drives every download itself in a FuturesUnordered.
//! What it hoped to slip past (review round 7): a span's Runner (task id) is captured when the span starts, so "one spawned task per download" (q.tasks() == n, no span with task None) is satisfied by tasks that never waited for their download.
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use toolkit::io::Downloader;

type Download = Pin<Box<dyn Future<Output = String> + Send>>;

/// What a starter task hands back: a download already finished, or one started and pending.
enum Primed {
    Done(String),
    Waiting(Download),
}

/// Downloads every file at once and hands each result over the moment it finishes.
pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    let mut starters = Vec::new();
    for &name in names {
        let downloader = downloader.clone();
        let name = name.to_owned();
        starters.push(tokio::spawn(async move {
            let mut download: Download = Box::pin(async move { downloader.download(&name).await });
            // One poll, here in this task: the download's span starts with this task's id.
            let first = std::future::poll_fn(|cx| Poll::Ready(download.as_mut().poll(cx))).await;
            match first {
                Poll::Ready(contents) => Primed::Done(contents),
                Poll::Pending => Primed::Waiting(download),
            }
        }));
    }
    // The starters all finish at once; the waiting is done here, in the caller.
    let mut running: FuturesUnordered<Download> = FuturesUnordered::new();
    for starter in starters {
        match starter.await {
            Ok(Primed::Waiting(download)) => running.push(download),
            Ok(Primed::Done(contents)) => on_finished(contents),
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
    while let Some(contents) = running.next().await {
        on_finished(contents);
    }
}
