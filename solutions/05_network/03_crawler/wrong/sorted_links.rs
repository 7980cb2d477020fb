//! I tidy each page's links before I keep them: sorted, each link once.

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
    let mut tasks = JoinSet::new();
    let visit = |tasks: &mut JoinSet<_>, url: String| {
        let (client, sem) = (client.clone(), Arc::clone(&sem));
        tasks.spawn(async move {
            // async with sem: only the request holds a permit.
            let _permit = sem.acquire().await.expect("the semaphore is never closed");
            let page = fetch_page(&client, &url).await;
            (url, page)
        });
    };
    // A URL is marked seen the moment it is found, so a page linked from many pages (or in
    // a cycle) is spawned once.
    let mut seen = HashSet::from([start.to_owned()]);
    visit(&mut tasks, start.to_owned());
    let mut report = Report::default();
    while let Some(done) = tasks.join_next().await {
        let (url, page) = done.expect("a fetch task never panics: errors are values");
        match page {
            Ok(html) => {
                let mut found = links(&html, &url);
                // A page's links, tidied: each once, in order.
                found.sort();
                found.dedup();
                for link in &found {
                    if seen.insert(link.clone()) {
                        visit(&mut tasks, link.clone());
                    }
                }
                report.pages.insert(url, found);
            }
            Err(error) => {
                report.broken.insert(url, error);
            }
        }
    }
    report
}
