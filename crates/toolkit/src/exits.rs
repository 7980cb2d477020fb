//! Which threads have ended: evidence that a thread was **joined**, not just waited for.
//!
//! "Every download is done" is not "every thread has ended". Code that leaves its threads
//! detached and waits for their results another way (a channel, a counter, a sleep) returns
//! while the threads are still ending, and a test that only looks at the downloads cannot
//! tell. [`ThreadExits`] can: each thread it marks gets a value in its thread-local storage
//! that is dropped as the thread exits, after its closure has returned, and that takes
//! `linger` to drop. `JoinHandle::join` (and the end of a `thread::scope`) waits for that
//! drop; nothing else does. So right after the call under test returns, a thread still
//! listed by [`ThreadExits::not_ended`] was never joined.
//!
//! ```
//! use std::time::Duration;
//! use toolkit::exits::ThreadExits;
//! let exits = ThreadExits::new(Duration::from_millis(20));
//! let watched = exits.clone();
//! std::thread::spawn(move || watched.mark_current()).join().unwrap();
//! assert!(exits.not_ended().is_empty(), "a joined thread has ended");
//! ```

use crate::timeline::Runner;
use std::cell::RefCell;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// A set of threads watched until they end. Cheap to clone; clones share the set.
#[derive(Debug, Clone)]
pub struct ThreadExits {
    marked: Arc<Mutex<Vec<Marked>>>,
    linger: Duration,
}

#[derive(Debug)]
struct Marked {
    runner: Runner,
    ended: bool,
}

/// Lives in a marked thread's thread-local storage; dropped as the thread exits.
struct EndOfThread {
    exits: ThreadExits,
    index: usize,
}

impl Drop for EndOfThread {
    fn drop(&mut self) {
        // Why linger: a thread that is not joined ends a few microseconds after its last
        // result is sent, too soon after the call returns for any test to see. Made slow to
        // end, it is still ending when a call that did not join it returns.
        std::thread::sleep(self.exits.linger);
        if let Some(marked) = self.exits.lock().get_mut(self.index) {
            marked.ended = true;
        }
    }
}

thread_local! {
    static END_OF_THREAD: RefCell<Vec<EndOfThread>> = const { RefCell::new(Vec::new()) };
}

impl ThreadExits {
    /// An empty set, whose threads will each take `linger` to end once marked.
    pub fn new(linger: Duration) -> Self {
        Self {
            marked: Arc::default(),
            linger,
        }
    }

    /// Watches the current thread (once; marking it again does nothing): from its end, it
    /// counts as ended, `linger` after its closure has returned.
    pub fn mark_current(&self) {
        // Inside a thread-local destructor the slot may be gone: then there is nothing left
        // to watch.
        let _ = END_OF_THREAD.try_with(|slot| {
            let mut slot = slot.borrow_mut();
            if slot
                .iter()
                .any(|m| Arc::ptr_eq(&m.exits.marked, &self.marked))
            {
                return;
            }
            let index = {
                let mut marked = self.lock();
                marked.push(Marked {
                    runner: Runner::current(),
                    ended: false,
                });
                marked.len() - 1
            };
            slot.push(EndOfThread {
                exits: self.clone(),
                index,
            });
        });
    }

    /// The marked threads that have not ended yet, in the order they were marked.
    pub fn not_ended(&self) -> Vec<Runner> {
        self.lock()
            .iter()
            .filter(|m| !m.ended)
            .map(|m| m.runner.clone())
            .collect()
    }

    /// How many threads have been marked.
    pub fn marked(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Marked>> {
        // A push or a flag cannot be left half done by a panic.
        self.marked.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_thread_waited_for_by_a_channel_has_not_ended_but_a_joined_one_has() {
        let exits = ThreadExits::new(Duration::from_millis(100));
        let (tx, rx) = mpsc::channel();
        let watched = exits.clone();
        // Detached: its result arrives before it has ended.
        std::thread::Builder::new()
            .name("detached".into())
            .spawn(move || {
                watched.mark_current();
                tx.send(()).unwrap();
            })
            .unwrap();
        rx.recv().unwrap();
        let names = |exits: &ThreadExits| -> Vec<String> {
            exits.not_ended().iter().map(Runner::thread_label).collect()
        };
        assert_eq!(names(&exits), ["detached"], "detached, still ending");
        let watched = exits.clone();
        std::thread::Builder::new()
            .name("joined".into())
            .spawn(move || {
                watched.mark_current();
                watched.mark_current();
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(exits.marked(), 2, "marked once per thread");
        assert!(
            !names(&exits).contains(&"joined".to_owned()),
            "joined, so ended"
        );
    }
}
