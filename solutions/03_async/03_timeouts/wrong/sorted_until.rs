//! fetch_until: a JoinSet cancels what is left when it is dropped; I return the finished ones
//! sorted, so the output is tidy.
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
    let mut set = tokio::task::JoinSet::new();
    for &name in names {
        let downloader = downloader.clone();
        let name = name.to_owned();
        set.spawn(async move { downloader.download(&name).await });
    }
    let mut contents = Vec::new();
    let _ = tokio::time::timeout(deadline, async {
        while let Some(done) = set.join_next().await {
            contents.push(done.expect("a download panicked"));
        }
    })
    .await;
    contents.sort();
    contents
}
