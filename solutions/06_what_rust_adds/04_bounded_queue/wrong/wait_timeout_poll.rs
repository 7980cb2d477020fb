//! Notifying is where wake-ups get lost, so I never rely on it: every waiter looks again
//! after 5 ms at most (wait_timeout), notified or not.
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

    /// Waits while full, looking again every 5 ms.
    pub fn push_blocking(&self, item: T) {
        let mut items = self.items.lock().unwrap();
        while items.len() == self.capacity {
            let five = std::time::Duration::from_millis(5);
            items = self.not_full.wait_timeout(items, five).unwrap().0;
        }
        items.push_back(item);
    }

    /// Waits while empty, looking again every 5 ms.
    pub fn pop_blocking(&self) -> T {
        let mut items = self.items.lock().unwrap();
        loop {
            if let Some(item) = items.pop_front() {
                return item;
            }
            let five = std::time::Duration::from_millis(5);
            items = self.not_empty.wait_timeout(items, five).unwrap().0;
        }
    }
}
