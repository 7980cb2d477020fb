//! pop_blocking waits (in a while loop) until the queue is not empty, lets go of the lock, then locks again to take the front item.
//! # bounded_queue — a blocking queue from a Mutex and two Condvars
//!
//! Producers put items in, consumers take them out, and the queue holds at most `capacity`
//! of them: a producer that finds it full **waits** (backpressure), a consumer that finds it
//! empty waits too. Waiting means sleeping on a [`Condvar`] until another thread changes the
//! queue and notifies — not spinning, not polling.
//!
//! Python's `queue.Queue(maxsize=n)` is this very structure: a `deque`, one lock, and
//! `threading.Condition`s called `not_full` and `not_empty`.
//!
//! ```python
//! q = queue.Queue(maxsize=2)
//! q.put(item)      # blocks while full
//! item = q.get()   # blocks while empty
//! ```

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// A first-in, first-out queue of at most `capacity` items, shared by many producers and
/// consumers (put it in an `Arc`, or borrow it in `thread::scope`).
#[derive(Debug)]
pub struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
    /// Producers wait here while the queue is full; a pop notifies it.
    not_full: Condvar,
    /// Consumers wait here while the queue is empty; a push notifies it.
    not_empty: Condvar,
    capacity: usize,
}

impl<T> BoundedQueue<T> {
    /// An empty queue that holds at most `capacity` items (at least 1).
    pub fn new(capacity: usize) -> Self {
        assert!(
            capacity > 0,
            "a bounded queue needs room for at least one item"
        );
        Self {
            items: Mutex::new(VecDeque::with_capacity(capacity)),
            not_full: Condvar::new(),
            not_empty: Condvar::new(),
            capacity,
        }
    }

    /// How many items the queue holds at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Adds `item` at the back, first waiting (asleep) while the queue is full.
    pub fn push_blocking(&self, item: T) {
        let mut items = self.items.lock().unwrap();
        // `while`, not `if`: when this thread wakes, another producer may have filled the
        // free place first (and a Condvar may also wake a thread spuriously).
        while items.len() == self.capacity {
            items = self.not_full.wait(items).unwrap();
        }
        items.push_back(item);
        // Only consumers wait on `not_empty`, so waking one is enough: it will take the item.
        // Notified after the change, with the lock held: no consumer can check in between.
        self.not_empty.notify_one();
    }

    /// Makes an item with `make` (which may be slow) and adds it, waiting while the queue is
    /// full. The queue's lock is not held while `make` runs: other producers and consumers go
    /// on meanwhile.
    pub fn push_with_blocking(&self, make: impl FnOnce() -> T) {
        let item = make();
        self.push_blocking(item);
    }

    /// Takes the item at the front, first waiting (asleep) while the queue is empty.
    pub fn pop_blocking(&self) -> T {
        // First wait until there is something to take...
        {
            let mut items = self.items.lock().unwrap();
            while items.is_empty() {
                items = self.not_empty.wait(items).unwrap();
            }
        }
        // ...then take it.
        let mut items = self.items.lock().unwrap();
        let item = items
            .pop_front()
            .expect("waited until the queue was not empty");
        self.not_full.notify_one();
        item
    }
}
