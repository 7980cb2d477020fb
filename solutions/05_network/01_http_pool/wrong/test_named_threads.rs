//! Forgery: a thread per URL held back by a semaphore of `threads` permits, each thread
//! named after another test of the file (`no_urls_means_no_requests`), whose threads the
//! thread count leaves out.


use std::fmt;
use std::sync::{Condvar, Mutex};
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

/// Every URL on its own thread, `threads` permits between them.
pub fn download_all_blocking(
    urls: &[String],
    threads: usize,
    timeout: Duration,
) -> Vec<Result<Vec<u8>, FetchError>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .build()
        .into();
    let permits = Mutex::new(threads);
    let freed = Condvar::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = urls
            .iter()
            .enumerate()
            .map(|(_i, url)| {
                let (agent, permits, freed) = (&agent, &permits, &freed);
                std::thread::Builder::new().name("no_urls_means_no_requests".to_owned()).spawn_scoped(s, move || {
                    {
                        let mut free = permits.lock().unwrap();
                        while *free == 0 {
                            free = freed.wait(free).unwrap();
                        }
                        *free -= 1;
                    }
                    let result = fetch_blocking(agent, url);
                    *permits.lock().unwrap() += 1;
                    freed.notify_one();
                    result
                }).expect("spawn")
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// One GET, as `urllib.request.urlopen(url).read()`: the body, or what went wrong.
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
