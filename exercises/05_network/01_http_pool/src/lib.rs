//! # http_pool — real downloads on a bounded pool of threads
//!
//! Until now every "download" in the course was a sleep. Here it is a real HTTP request to a
//! server on 127.0.0.1 that the tests start. The tutorial's threads section, for real:
//!
//! ```python
//! from concurrent.futures import ThreadPoolExecutor
//! import urllib.request
//!
//! def fetch(url):
//!     with urllib.request.urlopen(url, timeout=timeout) as response:
//!         return response.read()
//!
//! with ThreadPoolExecutor(max_workers=threads) as pool:
//!     bodies = list(pool.map(fetch, urls))   # in the order of `urls`
//! ```
//!
//! Your task: write [`download_all_blocking`]. See README.md.

use std::fmt;
use std::time::Duration;

/// What went wrong with one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The server answered with this error status (4xx or 5xx).
    Status(u16),
    /// No response within the timeout.
    TimedOut,
    /// Nothing listens there: the connection was refused.
    Refused,
    /// Anything else (a response cut short, a malformed URL, ...), described.
    Other(String),
}

/// One URL's failure, naming the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    /// The URL that failed, exactly as it was given.
    pub url: String,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Status(code) => write!(f, "{}: HTTP status {code}", self.url),
            ErrorKind::TimedOut => write!(f, "{}: timed out", self.url),
            ErrorKind::Refused => write!(f, "{}: connection refused", self.url),
            ErrorKind::Other(why) => write!(f, "{}: {why}", self.url),
        }
    }
}

impl std::error::Error for FetchError {}

/// Downloads every URL in `urls` with a blocking HTTP client (`ureq`) on a pool of exactly
/// `threads` threads: each thread takes the next URL not yet taken until none are left, so
/// a slow URL holds up only the thread that fetches it. Each request gives up after
/// `timeout`.
///
/// Returns one result per URL, **in the order of `urls`**: the body, or a [`FetchError`]
/// naming the URL (an error status, a timeout, a refused connection). Never panics on a bad
/// URL.
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub fn download_all_blocking(
    urls: &[String],
    threads: usize,
    timeout: Duration,
) -> Vec<Result<Vec<u8>, FetchError>> {
    // TODO: one ureq::Agent with a global timeout, shared by `threads` scoped threads that
    // take URLs from a shared counter (or queue) and put each result in its URL's slot.
    todo!("fetch the URLs on a pool of `threads` threads, results in input order")
}
