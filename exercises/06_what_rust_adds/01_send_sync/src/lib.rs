//! # send_sync — what may cross threads, decided by the compiler
//!
//! Three types that work on one thread and are wrong on several. Each is the classic way
//! to get it wrong, and the compiler refuses each one as soon as it is used across threads
//! (`error[E0277]`). The tests use them across threads, so make them right:
//!
//! - [`Counter`]: a handle on one count; every clone moved into a thread adds to the same
//!   count. It holds an `Rc`, which is not **`Send`** (may not be *moved* to another thread).
//! - [`WordCounts`]: one table of word counts that many threads update through an
//!   `Arc<WordCounts>`. It holds a `RefCell`, which is not **`Sync`** (may not be *shared by
//!   reference* between threads), so the `Arc` cannot be sent.
//! - [`Journal`]: an async log whose `record` holds a `std::sync::MutexGuard` across an
//!   `.await`; a future holding that guard is not `Send`, so `tokio::spawn` refuses it.
//!
//! In Python all three run: any object can be shared between threads. The default CPython
//! build's GIL hides most of the races (one bytecode at a time), not all of them; the
//! free-threaded 3.14t build has no GIL, and they are real.
//!
//! Edit this file: keep every signature, change what is inside (see the README).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Mutex;

/// A handle on one shared count: clones share it.
#[derive(Debug, Clone, Default)]
pub struct Counter {
    // TODO: an Rc is not Send. What shares a count between threads?
    count: Rc<RefCell<u64>>,
}

impl Counter {
    /// A new count, at 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `n` to the count every clone shares.
    pub fn add(&self, n: u64) {
        *self.count.borrow_mut() += n;
    }

    /// The count.
    pub fn get(&self) -> u64 {
        *self.count.borrow()
    }
}

/// How often each word was seen, updated by many threads through one `Arc<WordCounts>`.
#[derive(Debug, Default)]
pub struct WordCounts {
    // TODO: a RefCell is not Sync. What lets many threads update one map?
    counts: RefCell<HashMap<String, u64>>,
}

impl WordCounts {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one more `word`.
    pub fn add(&self, word: &str) {
        *self.counts.borrow_mut().entry(word.to_owned()).or_insert(0) += 1;
    }

    /// How often `word` was seen (0 if never).
    pub fn count(&self, word: &str) -> u64 {
        self.counts.borrow().get(word).copied().unwrap_or(0)
    }
}

/// A log that many tasks append to; each line gets its number.
#[derive(Debug, Default)]
pub struct Journal {
    lines: Mutex<Vec<String>>,
}

impl Journal {
    /// An empty journal.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `line` and returns its number (1 for the first line), then writes it to disk.
    // Clippy sees the mistake too (its lint `await_holding_lock`, even where no spawn makes
    // it a compile error). TODO: remove this `allow` once the guard is gone before .await.
    #[allow(clippy::await_holding_lock)]
    pub async fn record(&self, line: &str) -> usize {
        let mut lines = self.lines.lock().unwrap();
        lines.push(line.to_owned());
        let number = lines.len();
        // TODO: `lines` (a std MutexGuard) is still alive across this .await.
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
