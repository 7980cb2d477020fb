//! fetch_until: spawned tasks send their results over a channel; I read the channel until
//! the deadline and return what came.
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
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for &name in names {
        let tx = tx.clone();
        let downloader = downloader.clone();
        let name = name.to_owned();
        tokio::spawn(async move {
            let _ = tx.send(downloader.download(&name).await);
        });
    }
    drop(tx);
    let mut contents = Vec::new();
    let _ = tokio::time::timeout(deadline, async {
        while let Some(done) = rx.recv().await {
            contents.push(done);
        }
    })
    .await;
    contents
}
