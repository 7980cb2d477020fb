//! push and pop never notify: a watcher thread started by new() looks at the queue every millisecond and wakes whoever can go on.
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

struct Shared<T> {
    items: Mutex<VecDeque<T>>,
    not_full: Condvar,
    not_empty: Condvar,
    capacity: usize,
}

/// A bounded blocking queue.
pub struct BoundedQueue<T> {
    shared: Arc<Shared<T>>,
}

impl<T: Send + 'static> BoundedQueue<T> {
    /// A queue that holds at most `capacity` items.
    pub fn new(capacity: usize) -> Self {
        assert!(
            capacity > 0,
            "a bounded queue needs room for at least one item"
        );
        let shared = Arc::new(Shared {
            items: Mutex::new(VecDeque::new()),
            not_full: Condvar::new(),
            not_empty: Condvar::new(),
            capacity,
        });
        let watched = Arc::downgrade(&shared);
        std::thread::spawn(move || {
            while let Some(shared) = watched.upgrade() {
                let len = shared.items.lock().unwrap().len();
                if len < shared.capacity {
                    shared.not_full.notify_all();
                }
                if len > 0 {
                    shared.not_empty.notify_all();
                }
                drop(shared);
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        Self { shared }
    }

    /// The most items it holds.
    pub fn capacity(&self) -> usize {
        self.shared.capacity
    }

    /// Waits while full, then pushes.
    pub fn push_blocking(&self, item: T) {
        let mut items = self.shared.items.lock().unwrap();
        while items.len() == self.shared.capacity {
            items = self.shared.not_full.wait(items).unwrap();
        }
        items.push_back(item);
    }

    /// Makes an item with no lock held, then pushes it.
    pub fn push_with_blocking(&self, make: impl FnOnce() -> T) {
        let item = make();
        self.push_blocking(item);
    }

    /// Waits while empty, then pops.
    pub fn pop_blocking(&self) -> T {
        let mut items = self.shared.items.lock().unwrap();
        loop {
            if let Some(item) = items.pop_front() {
                return item;
            }
            items = self.shared.not_empty.wait(items).unwrap();
        }
    }
}
