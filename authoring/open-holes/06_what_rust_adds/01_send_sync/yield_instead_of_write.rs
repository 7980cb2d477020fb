//! WRONG forgery: Journal::record never calls write_to_disk; it awaits a bare `tokio::task::yield_now()` instead, so a record polled once is still Pending, as if it were writing
//! GAP: the probe "record polled once must still be waiting in write_to_disk(..).await" can only see that the first poll is Pending, not what the future waits on; write_to_disk lives in the learner's own file and leaves no trace the test could check
//!
//! Counter and WordCounts are right, the numbering is right, the future is Send: every
//! check passes. No line is ever written to disk, which is the corpus's skip_disk_write and
//! first_line_only_written mistake again, with one `.await` of nothing added to fool the
//! poll.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A handle on one shared count: clones share it.
#[derive(Debug, Clone, Default)]
pub struct Counter {
    // Arc: one count, many owners on many threads. AtomicU64: `fetch_add` is one step.
    count: Arc<AtomicU64>,
}

impl Counter {
    /// A new count, at 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `n` to the count every clone shares.
    pub fn add(&self, n: u64) {
        // Relaxed: the count is the only data; nothing else is published with it.
        self.count.fetch_add(n, Ordering::Relaxed);
    }

    /// The count.
    pub fn get(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }
}

/// How often each word was seen, updated by many threads through one `Arc<WordCounts>`.
#[derive(Debug, Default)]
pub struct WordCounts {
    // A Mutex is Sync: `&WordCounts` may be used from many threads; one at a time gets in.
    counts: Mutex<HashMap<String, u64>>,
}

impl WordCounts {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one more `word`.
    pub fn add(&self, word: &str) {
        // Look-up and increment under one lock: no other thread can come in between.
        let mut counts = self.counts.lock().unwrap();
        *counts.entry(word.to_owned()).or_insert(0) += 1;
    }

    /// How often `word` was seen (0 if never).
    pub fn count(&self, word: &str) -> u64 {
        self.counts.lock().unwrap().get(word).copied().unwrap_or(0)
    }
}

/// A log that many tasks append to; each line gets its number.
#[derive(Debug, Default)]
pub struct Journal {
    lines: std::sync::Mutex<Vec<String>>,
}

impl Journal {
    /// An empty journal.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `line` and returns its number (1 for the first line), then writes it to disk.
    pub async fn record(&self, line: &str) -> usize {
        // The guard lives in this block only: push and number under one lock, released
        // before the .await, so the future holds no std guard while it waits.
        let number = {
            let mut lines = self.lines.lock().unwrap();
            lines.push(line.to_owned());
            lines.len()
        };
        // Something to wait on, so that the first poll is Pending; the line itself is never
        // written.
        tokio::task::yield_now().await;
        number
    }

    /// Every line, in number order.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

/// Writing a line to disk: slow, so it lets other tasks run meanwhile.
#[allow(dead_code)]
async fn write_to_disk(line: &str) {
    let _ = line;
    tokio::task::yield_now().await;
}
