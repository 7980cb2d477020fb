//! Forgery: the first `2 × limit` links found are fetched together, in tasks, so the server
//! sees `limit` requests at once; every link found after that is fetched one at a time, in
//! the collecting loop, while those tasks are still in flight.
use std::collections::BTreeMap;
use std::collections::{HashSet, VecDeque};
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
    let mut report = Report::default();
    let mut seen = HashSet::from([start.to_owned()]);
    let mut queue: VecDeque<String> = VecDeque::new();
    let mut tasks = JoinSet::new();
    let mut spawned = 0;
    let mut found_link = |url: String, tasks: &mut JoinSet<_>, queue: &mut VecDeque<String>| {
        if spawned < 2 * limit {
            spawned += 1;
            let (client, sem) = (client.clone(), Arc::clone(&sem));
            tasks.spawn(async move {
                let _permit = sem.acquire().await.expect("never closed");
                let page = fetch_page(&client, &url).await;
                (url, page)
            });
        } else {
            queue.push_back(url);
        }
    };
    found_link(start.to_owned(), &mut tasks, &mut queue);
    loop {
        // What came back, or else the next link in the queue, fetched here, one at a time.
        let (url, page) = if let Some(url) = queue.pop_front() {
            let page = {
                let _permit = sem.acquire().await.expect("never closed");
                fetch_page(&client, &url).await
            };
            (url, page)
        } else if let Some(done) = tasks.join_next().await {
            done.expect("a fetch task never panics")
        } else {
            break;
        };
        match page {
            Ok(html) => {
                let found = links(&html, &url);
                for link in &found {
                    if seen.insert(link.clone()) {
                        found_link(link.clone(), &mut tasks, &mut queue);
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
