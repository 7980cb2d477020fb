//! I tell the other side first, before I even take the lock, so that it is awake and ready
//! by the time my change is done.
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

    /// Waits while full, then pushes.
    pub fn push_blocking(&self, item: T) {
        self.not_empty.notify_one();
        let mut items = self.items.lock().unwrap();
        while items.len() == self.capacity {
            items = self.not_full.wait(items).unwrap();
        }
        items.push_back(item);
    }

    /// Waits while empty, then pops.
    pub fn pop_blocking(&self) -> T {
        self.not_full.notify_one();
        let mut items = self.items.lock().unwrap();
        while items.is_empty() {
            items = self.not_empty.wait(items).unwrap();
        }
        items.pop_front().unwrap()
    }
}
