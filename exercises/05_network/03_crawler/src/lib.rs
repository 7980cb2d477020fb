//! # crawler — a link checker: each page once, several at once, cycles and all
//!
//! The tutorial's "crawlers" for real: a site of linked pages on a server the tests start.
//! Python:
//!
//! ```python
//! async def crawl(start, limit):
//!     seen, pages, broken = {start}, {}, {}
//!     sem = asyncio.Semaphore(limit)
//!     async with aiohttp.ClientSession() as session, asyncio.TaskGroup() as tg:
//!         async def visit(url):
//!             async with sem:
//!                 try:
//!                     html = await fetch_page(session, url)
//!                 except Exception as error:
//!                     broken[url] = error
//!                     return
//!             pages[url] = links(html, url)
//!             for link in pages[url]:
//!                 if link not in seen:          # check and mark in one step
//!                     seen.add(link)
//!                     tg.create_task(visit(link))
//!         tg.create_task(visit(start))
//!     return pages, broken
//! ```
//!
//! Your task: write [`crawl`]. [`fetch_page`] and [`links`] are given. See README.md.

use std::collections::BTreeMap;
use std::fmt;

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
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub async fn crawl(start: &str, limit: usize) -> Report {
    // TODO: a set of the URLs already seen (marked when the link is found, not when it is
    // fetched), a tokio::task::JoinSet of fetches, each holding a permit of a Semaphore of
    // `limit`; for each finished fetch, record the page (or the broken link) and spawn a
    // fetch for each link not seen yet, until the JoinSet is empty.
    todo!("crawl from `start`, each page once, at most `limit` at once")
}
