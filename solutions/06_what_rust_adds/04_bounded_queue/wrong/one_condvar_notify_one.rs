//! One Condvar is enough: everybody waits on it, and whoever changes the queue wakes one
//! waiter up with notify_one (waking all of them would be wasteful).
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// A bounded queue.
#[derive(Debug)]
pub struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
    changed: Condvar,
    capacity: usize,
}

impl<T> BoundedQueue<T> {
    /// An empty queue.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a bounded queue needs room for at least one item");
        Self {
            items: Mutex::new(VecDeque::new()),
            changed: Condvar::new(),
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
        let mut items = self.items.lock().unwrap();
        while items.len() == self.capacity {
            items = self.changed.wait(items).unwrap();
        }
        items.push_back(item);
        self.changed.notify_one();
    }

    /// Waits while empty, then pops.
    pub fn pop_blocking(&self) -> T {
        let mut items = self.items.lock().unwrap();
        while items.is_empty() {
            items = self.changed.wait(items).unwrap();
        }
        let item = items.pop_front().unwrap();
        self.changed.notify_one();
        item
    }
}
