//! WRONG mistake: the pause before retry n is `backoff * n²` (1, 4, 9 × backoff) instead of `backoff * 2^(n-1)` (1, 2, 4 × backoff): `attempt.pow(2)` written for `2.pow(attempt)`
//! GAP: expect_pauses checks each pause only from below (>= 0.95 × backoff·2^k) and only the FIRST from above (< 2 × backoff); 1, 4, 9 × backoff passes every bound (and still leaves room for other URLs in the last pause)
//!
//! With 4 attempts and a backoff of 300 ms the pauses are 0.3, 1.2 and 2.7 s instead of 0.3,
//! 0.6 and 1.2 s: a URL that keeps failing holds its permit (and the whole call) more than
//! twice as long as the policy says (n² against 2^(n-1): too long up to the sixth retry, too
//! short from the seventh on: the schedule is simply not the one asked for).

use futures::future::join_all;
use std::fmt;
use std::time::Duration;
use tokio::sync::Semaphore;

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
pub async fn fetch_all(urls: &[String], policy: &Policy) -> Vec<Result<Vec<u8>, FetchError>> {
    let client = match reqwest::Client::builder().timeout(policy.timeout).build() {
        Ok(client) => client,
        Err(e) => {
            return urls
                .iter()
                .map(|url| {
                    Err(FetchError {
                        url: url.clone(),
                        kind: ErrorKind::Other(e.to_string()),
                    })
                })
                .collect();
        }
    };
    let sem = Semaphore::new(policy.limit);
    let (client, sem) = (&client, &sem);
    join_all(urls.iter().map(|url| async move {
        let _permit = sem.acquire().await;
        fetch_with_retries(client, url, policy).await
    }))
    .await
}

/// Up to `policy.attempts` attempts, with a growing pause between them.
async fn fetch_with_retries(
    client: &reqwest::Client,
    url: &str,
    policy: &Policy,
) -> Result<Vec<u8>, FetchError> {
    let mut attempt: u32 = 1;
    loop {
        match fetch(client, url).await {
            Ok(body) => return Ok(body),
            Err(error) if attempt < policy.attempts && error.kind.is_retryable() => {
                // Exponential backoff: the pause grows with the attempt number.
                // (Meant 2^(attempt - 1); wrote attempt².)
                let pause = policy.backoff * attempt.pow(2);
                tokio::time::sleep(pause).await;
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

/// One attempt: the body, or what went wrong, naming the URL.
async fn fetch(client: &reqwest::Client, url: &str) -> Result<Vec<u8>, FetchError> {
    let error = |e: reqwest::Error| FetchError {
        url: url.to_owned(),
        kind: kind_of(&e),
    };
    let response = client.get(url).send().await.map_err(error)?;
    let response = response.error_for_status().map_err(error)?;
    let body = response.bytes().await.map_err(error)?;
    Ok(body.to_vec())
}

/// Sorts reqwest's errors into the kinds the caller tells apart.
fn kind_of(e: &reqwest::Error) -> ErrorKind {
    if let Some(status) = e.status() {
        ErrorKind::Status(status.as_u16())
    } else if e.is_timeout() {
        ErrorKind::TimedOut
    } else if e.is_connect() {
        ErrorKind::Refused
    } else {
        ErrorKind::Other(e.to_string())
    }
}
