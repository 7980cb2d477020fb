//! Mistake: each download runs in a tokio::spawn'ed task that is aborted when the limit or deadline passes, so a caller that drops fetch_with_timeout/fetch_until early (its own timeout or select!) leaves the downloads running, never cancelled.
//! What it hoped to slip past (review round 7): every test awaits the calls to their end, so the late downloads are always reached by the explicit abort; no test drops a call mid-way, where a JoinHandle (unlike a dropped future) cancels nothing.
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::fmt;
use std::time::Duration;
use tokio::task::{AbortHandle, JoinHandle};
use toolkit::io::Downloader;

/// The error for a download that did not finish in time (and was cancelled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedOut {
    /// The file that was being downloaded.
    pub name: String,
    /// The time limit it ran into.
    pub after: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} timed out after {:?}", self.name, self.after)
    }
}

impl std::error::Error for TimedOut {}

fn spawn_download(downloader: &Downloader, name: &str) -> JoinHandle<String> {
    let downloader = downloader.clone();
    let name = name.to_owned();
    tokio::spawn(async move { downloader.download(&name).await })
}

/// Downloads `name`, giving up after `limit`: a task from tokio::spawn keeps running when
/// you stop waiting for it, so a late one is aborted.
pub async fn fetch_with_timeout(
    downloader: &Downloader,
    name: &str,
    limit: Duration,
) -> Result<String, TimedOut> {
    let mut task = spawn_download(downloader, name);
    match tokio::time::timeout(limit, &mut task).await {
        Ok(joined) => Ok(joined.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))),
        Err(_) => {
            task.abort();
            Err(TimedOut {
                name: name.to_owned(),
                after: limit,
            })
        }
    }
}

/// Every download at once until `deadline`; those done by then in the order they finished,
/// the others aborted.
pub async fn fetch_until(
    downloader: &Downloader,
    names: &[&str],
    deadline: Duration,
) -> Vec<String> {
    let tasks: Vec<JoinHandle<String>> = names
        .iter()
        .map(|name| spawn_download(downloader, name))
        .collect();
    let aborts: Vec<AbortHandle> = tasks.iter().map(JoinHandle::abort_handle).collect();
    let mut running: FuturesUnordered<JoinHandle<String>> = tasks.into_iter().collect();
    let timer = tokio::time::sleep(deadline);
    tokio::pin!(timer);
    let mut contents = Vec::new();
    loop {
        tokio::select! {
            next = running.next() => match next {
                Some(joined) => contents.push(
                    joined.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())),
                ),
                None => break,
            },
            () = &mut timer => {
                // task.cancel() for every one still pending (a finished one ignores it).
                for abort in &aborts {
                    abort.abort();
                }
                break;
            }
        }
    }
    contents
}
