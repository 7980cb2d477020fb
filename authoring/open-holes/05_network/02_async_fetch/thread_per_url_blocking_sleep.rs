//! WRONG forgery: not async at all: every URL runs on an OS thread of its own (its own current-thread runtime and client), and the backoff is a blocking std::thread::sleep; fetch_all only awaits one oneshot per URL
//! GAP: the "other URLs go on while one waits to retry" test detects std::thread::sleep only by the runtime's one thread stalling; with a thread per URL nothing stalls, and no test counts threads or asks where the requests ran
//!
//! The server sees exactly what the reference produces: `limit` in flight (one Semaphore per
//! call, shared by the threads), retries with pauses of backoff, 2 × backoff, 4 × backoff,
//! timeouts on each request, results in the order of the URLs. But the "thousands of web
//! requests" this exercise is about would be thousands of OS threads, each parked in a
//! blocking sleep: exactly the std::thread::sleep the README forbids, hidden where the test
//! does not look.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, oneshot};

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
    // One Semaphore per call, shared by every URL's thread (tokio's sync types work across
    // runtimes).
    let sem = Arc::new(Semaphore::new(policy.limit));
    let mut answers = Vec::with_capacity(urls.len());
    for url in urls {
        let (tx, rx) = oneshot::channel();
        let (url, policy, sem) = (url.clone(), policy.clone(), Arc::clone(&sem));
        let spawned = std::thread::Builder::new().spawn(move || {
            let _ = tx.send(on_a_thread_of_its_own(&url, &policy, &sem));
        });
        answers.push(spawned.ok().map(|_| rx));
    }
    let mut results = Vec::with_capacity(urls.len());
    for (url, answer) in urls.iter().zip(answers) {
        let result = match answer {
            Some(rx) => rx.await.unwrap_or_else(|_| {
                Err(FetchError {
                    url: url.clone(),
                    kind: ErrorKind::Other("its thread died".to_owned()),
                })
            }),
            None => Err(FetchError {
                url: url.clone(),
                kind: ErrorKind::Other("no thread for it".to_owned()),
            }),
        };
        results.push(result);
    }
    results
}

/// One URL, start to end, on the calling (OS) thread: a runtime of its own for reqwest, a
/// permit of the call's Semaphore for the whole URL, blocking sleeps between attempts.
fn on_a_thread_of_its_own(
    url: &str,
    policy: &Policy,
    sem: &Semaphore,
) -> Result<Vec<u8>, FetchError> {
    let failed = |why: String| FetchError {
        url: url.to_owned(),
        kind: ErrorKind::Other(why),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| failed(e.to_string()))?;
    let outcome: Result<Vec<u8>, FetchError> = runtime.block_on(async {
        let client = match reqwest::Client::builder().timeout(policy.timeout).build() {
            Ok(client) => client,
            Err(e) => return Err(failed(e.to_string())),
        };
        let _permit = sem.acquire().await;
        let mut pause = policy.backoff;
        let mut attempt = 1;
        loop {
            match fetch(&client, url).await {
                Ok(body) => return Ok(body),
                Err(error) if attempt < policy.attempts && error.kind.is_retryable() => {
                    // This thread is this URL's alone: nobody else waits for it.
                    std::thread::sleep(pause);
                    pause *= 2;
                    attempt += 1;
                }
                Err(error) => return Err(error),
            }
        }
    });
    outcome
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
