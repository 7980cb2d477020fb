//! fetch_until: every download at once, each with the deadline as its timeout; I keep the
//! ones that made it.
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
    let all = futures::future::join_all(
        names
            .iter()
            .map(|name| tokio::time::timeout(deadline, downloader.download(name))),
    )
    .await;
    all.into_iter().filter_map(Result::ok).collect()
}
