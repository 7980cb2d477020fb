//! fetch_until: select! between the next download and the deadline; the deadline ends it.
use std::fmt;
use std::time::Duration;
use toolkit::io::Downloader;

/// The error for a download that did not finish in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedOut {
    /// The file.
    pub name: String,
    /// The limit.
    pub after: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} timed out after {:?}", self.name, self.after)
    }
}

impl std::error::Error for TimedOut {}

/// `asyncio.wait_for`.
pub async fn fetch_with_timeout(
    downloader: &Downloader,
    name: &str,
    limit: Duration,
) -> Result<String, TimedOut> {
    tokio::time::timeout(limit, downloader.download(name))
        .await
        .map_err(|_| TimedOut {
            name: name.to_owned(),
            after: limit,
        })
}

/// `asyncio.wait(tasks, timeout=deadline)`.
pub async fn fetch_until(
    downloader: &Downloader,
    names: &[&str],
    deadline: Duration,
) -> Vec<String> {
    use futures::StreamExt;
    let mut downloads: futures::stream::FuturesUnordered<_> =
        names.iter().map(|name| downloader.download(name)).collect();
    let timer = tokio::time::sleep(deadline);
    tokio::pin!(timer);
    let mut contents = Vec::new();
    loop {
        tokio::select! {
            Some(finished) = downloads.next() => contents.push(finished),
            () = &mut timer => break,
        }
    }
    contents
}
