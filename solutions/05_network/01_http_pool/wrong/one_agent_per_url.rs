//! Mistake: a pool of exactly `threads` threads, but every URL is fetched with a new ureq::Agent (a new connection per request instead of the shared agent's kept-alive ones)
//! What it hoped to slip past (review round 7): no test reads `server.stats().connections` (nor the connection rows of the timeline); peak in flight, thread counts, order and errors are all exactly those of the reference
//!
//! The learner's reasoning: "an Agent is cheap to build, and one per request means the
//! threads share nothing but the counter". Each agent is dropped after its one request, so
//! its connection is never reused: 12 URLs on 3 threads open 12 TCP connections where the
//! shared agent opens 3 (a handshake, and a server-side socket, per URL).

use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// One URL's result, once a thread has stored it.
type Slot = Mutex<Option<Result<Vec<u8>, FetchError>>>;

/// Downloads every URL in `urls` with a blocking HTTP client (`ureq`) on a pool of exactly
/// `threads` threads: each thread takes the next URL not yet taken until none are left, so
/// a slow URL holds up only the thread that fetches it. Each request gives up after
/// `timeout`.
///
/// Returns one result per URL, **in the order of `urls`**: the body, or a [`FetchError`]
/// naming the URL (an error status, a timeout, a refused connection). Never panics on a bad
/// URL.
pub fn download_all_blocking(
    urls: &[String],
    threads: usize,
    timeout: Duration,
) -> Vec<Result<Vec<u8>, FetchError>> {
    let slots: Vec<Slot> = urls.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    // A fresh agent for this URL: nothing shared between requests.
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .timeout_global(Some(timeout))
                        .build()
                        .into();
                    let result = fetch_blocking(&agent, url);
                    *slots[i].lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                        Some(result);
                }
            });
        }
    });
    slots
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            slot.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .unwrap_or_else(|| {
                    Err(FetchError {
                        url: urls[i].clone(),
                        kind: ErrorKind::Other("not fetched".to_owned()),
                    })
                })
        })
        .collect()
}

/// One GET: the body, or what went wrong.
fn fetch_blocking(agent: &ureq::Agent, url: &str) -> Result<Vec<u8>, FetchError> {
    let error = |e: ureq::Error| FetchError {
        url: url.to_owned(),
        kind: kind_of(e),
    };
    let mut response = agent.get(url).call().map_err(error)?;
    response.body_mut().read_to_vec().map_err(error)
}

/// Sorts ureq's errors into the kinds the caller tells apart.
fn kind_of(e: ureq::Error) -> ErrorKind {
    match e {
        ureq::Error::StatusCode(code) => ErrorKind::Status(code),
        ureq::Error::Timeout(_) => ErrorKind::TimedOut,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            ErrorKind::Refused
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => ErrorKind::TimedOut,
        ureq::Error::ConnectionFailed => ErrorKind::Refused,
        other => ErrorKind::Other(other.to_string()),
    }
}
