//! I shared one mpsc Receiver between the pool's threads in a Mutex and looped with
//! `while let Ok(i) = rx.lock().unwrap().recv()`, like a queue.Queue in Python.

use std::fmt;
use std::sync::Mutex;
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

/// `threads` workers share one receiver of URL indices, like a queue.Queue in Python.
pub fn download_all_blocking(
    urls: &[String],
    threads: usize,
    timeout: Duration,
) -> Vec<Result<Vec<u8>, FetchError>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .build()
        .into();
    let slots: Vec<Slot> = urls.iter().map(|_| Mutex::new(None)).collect();
    let (tx, rx) = std::sync::mpsc::channel();
    for i in 0..urls.len() {
        tx.send(i).expect("the receiver is alive");
    }
    drop(tx);
    let rx = Mutex::new(rx);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                // Take the next index from the shared queue until it is empty.
                while let Ok(i) = rx.lock().unwrap().recv() {
                    let result = fetch_blocking(&agent, &urls[i]);
                    *slots[i].lock().unwrap() = Some(result);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().unwrap().expect("every URL was taken"))
        .collect()
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
