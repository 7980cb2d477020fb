//! WRONG mistake: each fetch task follows its own page's links and checks the shared set of seen URLs in two steps, `contains` under one lock and `insert` under another: check, then mark
//! GAP: the tests run crawl on #[tokio::test]'s one-thread runtime (the crate has no rt-multi-thread), where tasks never run in parallel, so nothing can come between the two locks; on a multi-threaded runtime two tasks both see a link as new and fetch it twice
//!
//! The learner's design: no collecting loop; every task fetches its page under a permit,
//! spawns a task for each link it finds that nobody has seen, and sends its page to the
//! report over a channel; the crawl ends when the last task (the last Sender) is gone. The
//! README's "check and mark in one step" is exactly what the two lock acquisitions break,
//! but on one thread a task runs uninterrupted from one `.await` to the next.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{Semaphore, mpsc};

/// What went wrong with one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The server answered with this error status (4xx or 5xx).
    Status(u16),
    /// Anything else (no connection, a response cut short, ...), described.
    Other(String),
}

/// One link's failure, naming its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    /// The URL that failed.
    pub url: String,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Status(code) => write!(f, "{}: HTTP status {code}", self.url),
            ErrorKind::Other(why) => write!(f, "{}: {why}", self.url),
        }
    }
}

impl std::error::Error for FetchError {}

/// What the crawl found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every page that loaded, by URL, with the links found on it (absolute URLs, in the
    /// order of the page).
    pub pages: BTreeMap<String, Vec<String>>,
    /// Every link that could not be fetched, by URL, with its error.
    pub broken: BTreeMap<String, FetchError>,
}

/// GETs one page: its HTML, or what went wrong (an error status is an error).
pub async fn fetch_page(client: &reqwest::Client, url: &str) -> Result<String, FetchError> {
    let error = |e: reqwest::Error| FetchError {
        url: url.to_owned(),
        kind: match e.status() {
            Some(status) => ErrorKind::Status(status.as_u16()),
            None => ErrorKind::Other(e.to_string()),
        },
    };
    let response = client.get(url).send().await.map_err(error)?;
    let response = response.error_for_status().map_err(error)?;
    response.text().await.map_err(error)
}

/// The links of a page, as absolute URLs on `page_url`'s server, in the order of the page:
/// every `href="/..."` (links to other servers are left out; this site has none).
pub fn links(html: &str, page_url: &str) -> Vec<String> {
    // "http://127.0.0.1:PORT/pages/3" -> "http://127.0.0.1:PORT"
    let origin = match page_url.match_indices('/').nth(2) {
        Some((i, _)) => &page_url[..i],
        None => page_url,
    };
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/'))
        .map(|href| format!("{origin}{href}"))
        .collect()
}

/// A page that loaded (with its links) or a broken link, on its way to the report.
type Found = (String, Result<Vec<String>, FetchError>);

/// What every fetch task shares.
#[derive(Clone)]
struct Crawl {
    client: reqwest::Client,
    permits: Arc<Semaphore>,
    seen: Arc<Mutex<HashSet<String>>>,
    found: mpsc::UnboundedSender<Found>,
}

/// Spawns the task that fetches `url` and follows its links.
fn visit(crawl: Crawl, url: String) {
    tokio::spawn(async move {
        let page = {
            let _permit = crawl.permits.acquire().await;
            fetch_page(&crawl.client, &url).await
        };
        match page {
            Ok(html) => {
                let found = links(&html, &url);
                for link in &found {
                    // Not seen yet? Then mark it and fetch it.
                    let new = !crawl
                        .seen
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .contains(link);
                    if new {
                        crawl
                            .seen
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .insert(link.clone());
                        visit(crawl.clone(), link.clone());
                    }
                }
                let _ = crawl.found.send((url, Ok(found)));
            }
            Err(error) => {
                let _ = crawl.found.send((url, Err(error)));
            }
        }
    });
}

/// Crawls the site from `start`: fetches `start`, then every page it links to, then every
/// page those link to, ... **each URL exactly once**, however many pages link to it (the
/// links go round in cycles), with **at most `limit` requests in flight** at once and
/// several at once whenever several are known. Returns every page that loaded with its
/// links, and every link that failed (a broken link) with its error. Never panics on a bad
/// link.
pub async fn crawl(start: &str, limit: usize) -> Report {
    let (found, mut reports) = mpsc::unbounded_channel();
    let crawl = Crawl {
        client: reqwest::Client::new(),
        permits: Arc::new(Semaphore::new(limit)),
        seen: Arc::new(Mutex::new(HashSet::from([start.to_owned()]))),
        found,
    };
    // The only Sender outside the tasks goes with the first task: the channel closes when
    // the last task has ended.
    visit(crawl, start.to_owned());
    let mut report = Report::default();
    while let Some((url, outcome)) = reports.recv().await {
        match outcome {
            Ok(found) => {
                report.pages.insert(url, found);
            }
            Err(error) => {
                report.broken.insert(url, error);
            }
        }
    }
    report
}
