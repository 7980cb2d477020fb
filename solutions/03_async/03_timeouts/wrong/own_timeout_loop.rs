//! I wrote the timeout myself: poll the download, and if it is not done, yield to the
//! runtime and look at the (tokio) clock; past the limit, give up and drop it.

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::fmt;
use std::time::Duration;
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

/// Downloads `name`, but gives up after `limit`: returns its contents if it finished in time,
/// or [`TimedOut`] if not. A late download is **cancelled**, not left running.
pub async fn fetch_with_timeout(
    downloader: &Downloader,
    name: &str,
    limit: Duration,
) -> Result<String, TimedOut> {
    // `timeout` polls the download until `limit`; if it is still waiting then, `timeout`
    // drops it (that is the cancellation) and returns `Err(Elapsed)`.
    let start = tokio::time::Instant::now();
    let download = downloader.download(name);
    tokio::pin!(download);
    loop {
        if let Some(contents) = futures::FutureExt::now_or_never(download.as_mut()) {
            return Ok(contents);
        }
        if start.elapsed() >= limit {
            return Err(TimedOut {
                name: name.to_owned(),
                after: limit,
            });
        }
        tokio::task::yield_now().await;
    }
}

/// Downloads every file in `names` at the same time with `downloader`, until `deadline` has
/// passed. Returns the contents of those that finished by then, **in the order they
/// finished**, and cancels the rest. If all finish early, returns as soon as the last one
/// does.
pub async fn fetch_until(
    downloader: &Downloader,
    names: &[&str],
    deadline: Duration,
) -> Vec<String> {
    // Every download at once; `next()` yields whichever finishes first.
    let mut downloads: FuturesUnordered<_> =
        names.iter().map(|name| downloader.download(name)).collect();
    // One timer for the whole batch, created once (re-creating it each turn would restart it).
    let timer = tokio::time::sleep(deadline);
    tokio::pin!(timer);

    let mut contents = Vec::new();
    loop {
        tokio::select! {
            next = downloads.next() => match next {
                Some(finished) => contents.push(finished),
                // None left: all finished before the deadline, so don't wait for the timer.
                None => break,
            },
            // The deadline won the race: stop collecting.
            () = &mut timer => break,
        }
    }
    // Leaving the function drops `downloads`, and with it every unfinished download: that
    // is the cancellation (`for task in pending: task.cancel()`).
    contents
}
