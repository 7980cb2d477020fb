//! fetch_with_timeout spawns the download and keeps its abort handle in a thread-local "download in flight" slot; on a timeout it aborts whatever is in that slot. One call at a time that is its own download; with several calls at once on the thread, the slot holds the last one started.
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::cell::RefCell;
use std::fmt;
use std::time::Duration;
use tokio::task::AbortHandle;
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

thread_local! {
    static IN_FLIGHT: RefCell<Option<AbortHandle>> = const { RefCell::new(None) };
}

pub async fn fetch_with_timeout(
    downloader: &Downloader,
    name: &str,
    limit: Duration,
) -> Result<String, TimedOut> {
    let d = downloader.clone();
    let n = name.to_owned();
    let handle = tokio::spawn(async move { d.download(&n).await });
    IN_FLIGHT.with(|slot| *slot.borrow_mut() = Some(handle.abort_handle()));
    match tokio::time::timeout(limit, handle).await {
        Ok(joined) => Ok(joined.expect("the download task panicked")),
        Err(_) => {
            // Stop the download that is in flight.
            if let Some(abort) = IN_FLIGHT.with(|slot| slot.borrow_mut().take()) {
                abort.abort();
            }
            Err(TimedOut {
                name: name.to_owned(),
                after: limit,
            })
        }
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
            next = downloads.next() => match next {
                Some(finished) => contents.push(finished),
                None => break,
            },
            () = &mut timer => break,
        }
    }
    contents
}
