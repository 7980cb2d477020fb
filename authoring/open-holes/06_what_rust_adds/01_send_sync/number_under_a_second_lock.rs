//! WRONG mistake: Journal::record pushes the line under one lock and takes its number (`len()`) under a second lock: no guard across the .await (the future is Send), but another thread can push in between and two lines get the same number
//! GAP: the journal tests run their tokio tasks on a current-thread runtime (the crate has no rt-multi-thread), where nothing runs between two statements with no .await between them; the lost-update race only shows when records run in parallel
//!
//! Counter and WordCounts are right (an Arc<AtomicU64>, a Mutex<HashMap>). The Journal is the
//! README's "taken under the same lock as the push" done with two locks: `self.lines.lock()`
//! twice, each guard a temporary. On a multi-threaded runtime (or from plain threads with a
//! runtime each), two records can both push, then both read the same `len()`: numbers
//! repeat, and `lines()` no longer holds line k at number k.

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
        // No guard lives across the .await: each lock is a temporary, gone at the end of
        // its statement.
        self.lines.lock().unwrap().push(line.to_owned());
        let number = self.lines.lock().unwrap().len();
        write_to_disk(line).await;
        number
    }

    /// Every line, in number order.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

/// Writing a line to disk: slow, so it lets other tasks run meanwhile.
async fn write_to_disk(line: &str) {
    let _ = line;
    tokio::task::yield_now().await;
}
