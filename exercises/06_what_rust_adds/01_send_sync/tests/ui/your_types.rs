//! Your three types used across threads, written plainly: what the tests do with them. When
//! one of them cannot cross threads, this program does not compile, and the test
//! `what_cannot_cross_threads_does_not_compile` prints the compiler's message for it.

use send_sync::{Counter, Journal, WordCounts};
use std::sync::Arc;
use std::thread;

fn main() {
    // Counter: a clone is *moved* into another thread, so Counter must be Send.
    let counter = Counter::new();
    let clone = counter.clone();
    thread::spawn(move || clone.add(1)).join().unwrap();

    // WordCounts: an Arc of it is moved into another thread, and both threads use the same
    // WordCounts by reference: Arc<WordCounts> is Send only if WordCounts is Send and Sync.
    let words = Arc::new(WordCounts::new());
    let shared = Arc::clone(&words);
    thread::spawn(move || shared.add("fig")).join().unwrap();

    // Journal: tokio::spawn may move the task to another thread at any .await, so the
    // future of `record` must be Send: it may not hold a std MutexGuard across an .await.
    let journal = Arc::new(Journal::new());
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    runtime.block_on(async move {
        tokio::spawn(async move { journal.record("hello").await })
            .await
            .unwrap();
    });
}
