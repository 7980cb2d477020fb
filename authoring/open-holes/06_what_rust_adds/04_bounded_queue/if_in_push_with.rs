//! WRONG mistake: push_with_blocking has its own wait after make(), with `if` instead of `while` ("after a slow make the queue has usually drained: wait once if it is still full"), so a woken producer pushes without looking again
//! GAP: push_with_blocking is only exercised by slow_work_runs_with_no_lock_held, where each pop wakes exactly one waiting producer and no other producer can take the free place first; the crowd tests (where stolen wake-ups happen) only call push_blocking/pop_blocking, which are right here
//!
//! A bounded blocking queue from a Mutex and two Condvars.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// A first-in, first-out queue of at most `capacity` items, shared by many producers and
/// consumers (put it in an `Arc`, or borrow it in `thread::scope`).
#[derive(Debug)]
pub struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
    not_full: Condvar,
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
        while items.len() == self.capacity {
            items = self.not_full.wait(items).unwrap();
        }
        items.push_back(item);
        self.not_empty.notify_one();
    }

    /// Makes an item with `make` (which may be slow) and adds it, waiting while the queue is
    /// full. The queue's lock is not held while `make` runs: other producers and consumers go
    /// on meanwhile.
    pub fn push_with_blocking(&self, make: impl FnOnce() -> T) {
        // Slow work first, with no lock held.
        let item = make();
        let mut items = self.items.lock().unwrap();
        // By the time a slow item is made the consumers have usually made room; if not,
        // one wait is enough: a pop wakes us when there is a free place.
        if items.len() == self.capacity {
            items = self.not_full.wait(items).unwrap();
        }
        items.push_back(item);
        self.not_empty.notify_one();
    }

    /// Takes the item at the front, first waiting (asleep) while the queue is empty.
    pub fn pop_blocking(&self) -> T {
        let mut items = self.items.lock().unwrap();
        loop {
            if let Some(item) = items.pop_front() {
                self.not_full.notify_one();
                return item;
            }
            items = self.not_empty.wait(items).unwrap();
        }
    }
}
