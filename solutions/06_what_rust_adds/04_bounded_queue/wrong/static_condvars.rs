//! The two Condvars are statics (Condvar::new is const): the struct keeps only the items,
//! and push and pop notify one waiter each, after the change, with the lock held.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// Producers wait here while a queue is full; a pop notifies it. `Condvar::new` is a
/// `const fn`, so the Condvars need no place in the (generic) struct.
static NOT_FULL: Condvar = Condvar::new();
/// Consumers wait here while a queue is empty; a push notifies it.
static NOT_EMPTY: Condvar = Condvar::new();

/// A first-in, first-out queue of at most `capacity` items, shared by many producers and
/// consumers (put it in an `Arc`, or borrow it in `thread::scope`).
#[derive(Debug)]
pub struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
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
            items = NOT_FULL.wait(items).unwrap();
        }
        items.push_back(item);
        // Only consumers wait on `not_empty`, so waking one is enough: it will take the item.
        // Notified after the change, with the lock held: no consumer can check in between.
        NOT_EMPTY.notify_one();
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
        let mut items = self.items.lock().unwrap();
        loop {
            if let Some(item) = items.pop_front() {
                // Room for one more: wake one waiting producer (only producers wait here).
                NOT_FULL.notify_one();
                return item;
            }
            items = NOT_EMPTY.wait(items).unwrap();
        }
    }
}
