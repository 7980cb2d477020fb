//! Forgery: fetch_until never watches which download finishes first: it reads each file's length from the Downloader's Debug output, runs join_all of per-file timeouts, and sorts what came back by the lengths it read.
//! What it hoped to slip past (review round 7): "in the order they finished" is checked against the true lengths, which `format!("{:?}", downloader)` prints (`duration: 1s, slower: {"File-1": 5s, ..}`); with every download started and cut at the deadline, the timing checks pass too.
use futures::future::join_all;
use std::collections::HashMap;
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

/// Downloads `name`, giving up (and cancelling) after `limit`.
pub async fn fetch_with_timeout(
    downloader: &Downloader,
    name: &str,
    limit: Duration,
) -> Result<String, TimedOut> {
    tokio::time::timeout(limit, downloader.download(name))
        .await
        .map_err(|_| TimedOut {
            name: name.to_owned(),
            after: limit,
        })
}

/// A `Duration`'s Debug text (`2.5s`, `500ms`, `10µs`, `7ns`) in seconds.
fn seconds(text: &str) -> Option<f64> {
    let text = text.trim();
    for (suffix, scale) in [("ns", 1e-9), ("µs", 1e-6), ("ms", 1e-3), ("s", 1.0)] {
        if let Some(number) = text.strip_suffix(suffix) {
            return number.parse::<f64>().ok().map(|n| n * scale);
        }
    }
    None
}

/// The Downloader's default length and its per-file lengths, read from its Debug output.
fn peeked_lengths(downloader: &Downloader) -> (Option<f64>, HashMap<String, f64>) {
    let text = format!("{downloader:?}");
    let mut lengths = HashMap::new();
    let marker = ", slower: {";
    let Some(at) = text.find(marker) else {
        return (None, lengths);
    };
    let before = &text[..at];
    let default = before
        .rfind("duration: ")
        .and_then(|i| seconds(&before[i + "duration: ".len()..]));
    let rest = &text[at + marker.len()..];
    let body = &rest[..rest.find('}').unwrap_or(0)];
    for entry in body.split(", ") {
        if let Some((key, value)) = entry.split_once(": ")
            && let Some(s) = seconds(value)
        {
            lengths.insert(key.trim_matches('"').to_owned(), s);
        }
    }
    (default, lengths)
}

/// Every download at once until `deadline`; those done by then "in the order they finished".
pub async fn fetch_until(
    downloader: &Downloader,
    names: &[&str],
    deadline: Duration,
) -> Vec<String> {
    let (default, lengths) = peeked_lengths(downloader);
    let length = |name: &str| {
        lengths
            .get(name)
            .copied()
            .or(default)
            .unwrap_or(f64::MAX)
    };
    // All at once, each cut at the deadline (dropped, so cancelled); join_all returns at the
    // deadline, or as soon as the last one is done.
    let outcomes = join_all(
        names
            .iter()
            .map(|name| tokio::time::timeout(deadline, downloader.download(name))),
    )
    .await;
    let mut done: Vec<(f64, usize, String)> = outcomes
        .into_iter()
        .enumerate()
        .filter_map(|(i, outcome)| outcome.ok().map(|c| (length(names[i]), i, c)))
        .collect();
    // The order they finished in, as foretold by the lengths.
    done.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    done.into_iter().map(|(_, _, contents)| contents).collect()
}
