//! WRONG forgery: does not follow the links it finds: once a link to /pages/M is known it fetches /pages/0 ..= /pages/M by number (the site's numbering, guessed), links of other shapes as found
//! GAP: the "no URL guessed" check only rejects paths no page links to; every page of the test sites is linked from the page before it, so counting up to the largest page number seen in a link never requests an unlinked page, and each page is still fetched once
//!
//! On any site whose pages are not numbered 0..N with every page linked (gaps, private or
//! orphan pages), it fetches pages nobody links to, and it finds page M's neighbours by
//! counting rather than by reading. The report is built from what it fetched, so on the
//! test sites it is whole and right; the server sees each page once, `limit` in flight, the
//! permits kept busy, and the slow page holds nothing up.

use std::collections::{BTreeMap, HashSet};
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

/// What the crawl has asked for: every URL requested, and how far the page numbers go.
struct Frontier {
    /// "http://127.0.0.1:PORT"
    origin: String,
    requested: HashSet<String>,
    /// Pages /pages/0 .. /pages/{numbered - 1} have all been requested.
    numbered: usize,
}

impl Frontier {
    /// The URLs to fetch now that `link` is known: every numbered page up to its number (if
    /// it is one), or the link itself.
    fn learn(&mut self, link: &str) -> Vec<String> {
        let mut new = Vec::new();
        let number = link
            .strip_prefix(self.origin.as_str())
            .and_then(|path| path.strip_prefix("/pages/"))
            .and_then(|n| n.parse::<usize>().ok());
        if let Some(m) = number {
            while self.numbered <= m {
                let url = format!("{}/pages/{}", self.origin, self.numbered);
                self.numbered += 1;
                if self.requested.insert(url.clone()) {
                    new.push(url);
                }
            }
        } else if self.requested.insert(link.to_owned()) {
            new.push(link.to_owned());
        }
        new
    }
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
    let fetch = |tasks: &mut JoinSet<_>, url: String| {
        let (client, sem) = (client.clone(), Arc::clone(&sem));
        tasks.spawn(async move {
            let _permit = sem.acquire().await;
            let page = fetch_page(&client, &url).await;
            (url, page)
        });
    };
    let origin = match start.match_indices('/').nth(2) {
        Some((i, _)) => start[..i].to_owned(),
        None => start.to_owned(),
    };
    let mut frontier = Frontier {
        origin,
        requested: HashSet::new(),
        numbered: 0,
    };
    // The start page is fetched as it is; a numbered start also counts as "known".
    frontier.requested.insert(start.to_owned());
    fetch(&mut tasks, start.to_owned());
    for url in frontier.learn(start) {
        fetch(&mut tasks, url);
    }
    let mut report = Report::default();
    while let Some(done) = tasks.join_next().await {
        let Ok((url, page)) = done else { continue };
        match page {
            Ok(html) => {
                let found = links(&html, &url);
                for link in &found {
                    for next in frontier.learn(link) {
                        fetch(&mut tasks, next);
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
