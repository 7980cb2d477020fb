//! Each of the `threads` threads gets its share of the list up front (thread k takes URLs
//! k, k + threads, ...): no shared queue, no locking.


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

/// A fixed share per thread.
pub fn download_all_blocking(
    urls: &[String],
    threads: usize,
    timeout: Duration,
) -> Vec<Result<Vec<u8>, FetchError>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .build()
        .into();
    let mut slots: Vec<Option<Result<Vec<u8>, FetchError>>> = urls.iter().map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                let agent = &agent;
                s.spawn(move || {
                    (k..urls.len())
                        .step_by(threads)
                        .map(|i| (i, fetch_blocking(agent, &urls[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (i, r) in h.join().unwrap() {
                slots[i] = Some(r);
            }
        }
    });
    slots.into_iter().map(Option::unwrap).collect()
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
