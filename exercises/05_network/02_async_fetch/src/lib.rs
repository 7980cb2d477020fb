//! # async_fetch — many requests at once, with a limit, timeouts and retries
//!
//! The tutorial's asyncio section, "handling thousands of web requests", for real: HTTP
//! requests to a server on 127.0.0.1 that the tests start. Python:
//!
//! ```python
//! sem = asyncio.Semaphore(policy.limit)
//!
//! async def fetch(session, url):
//!     async with sem:
//!         for attempt in range(policy.attempts):
//!             if attempt > 0:
//!                 await asyncio.sleep(policy.backoff * 2 ** (attempt - 1))
//!             try:
//!                 async with asyncio.timeout(policy.timeout):
//!                     async with session.get(url) as response:
//!                         response.raise_for_status()
//!                         return await response.read()
//!             except Exception as error:
//!                 if not retryable(error): raise
//!         raise error
//!
//! async with aiohttp.ClientSession() as session:
//!     bodies = await asyncio.gather(*(fetch(session, u) for u in urls), return_exceptions=True)
//! ```
//!
//! Your task: write [`fetch_all`]. See README.md.

use std::fmt;
use std::time::Duration;

/// What went wrong with one URL (after its last attempt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The server answered with this error status (4xx or 5xx).
    Status(u16),
    /// No whole response within the timeout.
    TimedOut,
    /// No connection: nothing listens there.
    Refused,
    /// Anything else (a response cut short, a malformed URL, ...), described.
    Other(String),
}

/// One URL's failure, naming the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    /// The URL that failed, exactly as it was given.
    pub url: String,
    /// What went wrong on the last attempt.
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

/// How to fetch: how many at once, how long to wait, how often to try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// At most this many requests in flight at once.
    pub limit: usize,
    /// Each attempt gives up after this long (the whole response, body included).
    pub timeout: Duration,
    /// Attempts per URL in all: 1 means no retry.
    pub attempts: u32,
    /// The pause before the second attempt; each later pause is twice the one before
    /// (`backoff`, `2 * backoff`, `4 * backoff`, ...).
    pub backoff: Duration,
}

impl ErrorKind {
    /// True when trying again may help: every failure but a 4xx status (a 4xx is the
    /// client's mistake, and the same request will get the same answer).
    pub fn is_retryable(&self) -> bool {
        !matches!(self, ErrorKind::Status(code) if (400..500).contains(code))
    }
}

/// Fetches every URL in `urls` with an async HTTP client (`reqwest`), with **at most
/// `policy.limit` requests in flight** at once: as soon as one URL is done, the next waiting
/// one starts. Each attempt gives up after `policy.timeout`. A URL whose attempt fails with
/// a retryable error ([`ErrorKind::is_retryable`]) is tried again, up to `policy.attempts`
/// attempts in all, after a pause of `policy.backoff`, then twice that, then four times, ...
///
/// Returns one result per URL, **in the order of `urls`**: the body, or a [`FetchError`]
/// naming the URL with the last attempt's error. Never panics on a bad URL.
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub async fn fetch_all(urls: &[String], policy: &Policy) -> Vec<Result<Vec<u8>, FetchError>> {
    // TODO: one reqwest::Client with `policy.timeout`; one future per URL that holds a
    // permit of a tokio::sync::Semaphore of `policy.limit` while it tries (and retries, with
    // tokio::time::sleep between attempts); await them all together with join_all.
    todo!("fetch every URL, at most `limit` at once, with timeouts and retries with backoff")
}
