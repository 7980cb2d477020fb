//! fetch_with_timeout keeps every file it has downloaded in a static cache: a file asked for again comes straight from the cache, at once and never late, without downloading.
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
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

static CACHE: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

pub async fn fetch_with_timeout(
    downloader: &Downloader,
    name: &str,
    limit: Duration,
) -> Result<String, TimedOut> {
    if let Some(hit) = CACHE
        .lock()
        .unwrap()
        .as_ref()
        .and_then(|cache| cache.get(name).cloned())
    {
        return Ok(hit);
    }
    let contents = tokio::time::timeout(limit, downloader.download(name))
        .await
        .map_err(|_| TimedOut {
            name: name.to_owned(),
            after: limit,
        })?;
    CACHE
        .lock()
        .unwrap()
        .get_or_insert_with(HashMap::new)
        .insert(name.to_owned(), contents.clone());
    Ok(contents)
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
