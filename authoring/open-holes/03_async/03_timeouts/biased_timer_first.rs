//! WRONG mistake: select! with `biased;` and the timer listed first ("never be late"): a download finishing exactly at the limit or deadline is dropped as timed out
//! GAP: every check except a download whose length equals the limit exactly; cancellation on drop is right since everything is owned futures
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::fmt;
use std::time::Duration;
use toolkit::io::Downloader;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedOut {
    pub name: String,
    pub after: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} timed out after {:?}", self.name, self.after)
    }
}

impl std::error::Error for TimedOut {}

pub async fn fetch_with_timeout(
    downloader: &Downloader,
    name: &str,
    limit: Duration,
) -> Result<String, TimedOut> {
    tokio::select! {
        biased;
        () = tokio::time::sleep(limit) => Err(TimedOut { name: name.to_owned(), after: limit }),
        contents = downloader.download(name) => Ok(contents),
    }
}

pub async fn fetch_until(
    downloader: &Downloader,
    names: &[&str],
    deadline: Duration,
) -> Vec<String> {
    let mut downloads: FuturesUnordered<_> =
        names.iter().map(|name| downloader.download(name)).collect();
    let timer = tokio::time::sleep(deadline);
    tokio::pin!(timer);
    let mut contents = Vec::new();
    loop {
        tokio::select! {
            biased;
            () = &mut timer => break,
            next = downloads.next() => match next {
                Some(finished) => contents.push(finished),
                None => break,
            },
        }
    }
    contents
}
