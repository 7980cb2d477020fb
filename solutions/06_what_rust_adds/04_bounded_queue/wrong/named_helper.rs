//! push and pop never notify. A call that must wait starts a helper thread with a name of its
//! own ("queue-watch", scoped: it ends before the call returns) that watches the queue and
//! notifies the Condvar when the call can go on; the waiting thread itself sleeps on it.

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
    pub fn push_blocking(&self, item: T)
    where
        T: Send,
    {
        let mut items = self.items.lock().unwrap();
        if items.len() == self.capacity {
            items = self.wait_with_helper(items, &self.not_full, |n, cap| n < cap);
        }
        items.push_back(item);
    }

    /// Makes an item with `make` (which may be slow) and adds it, waiting while the queue is
    /// full. The queue's lock is not held while `make` runs: other producers and consumers go
    /// on meanwhile.
    pub fn push_with_blocking(&self, make: impl FnOnce() -> T)
    where
        T: Send,
    {
        let item = make();
        self.push_blocking(item);
    }

    /// Takes the item at the front, first waiting (asleep) while the queue is empty.
    pub fn pop_blocking(&self) -> T
    where
        T: Send,
    {
        let mut items = self.items.lock().unwrap();
        if items.is_empty() {
            items = self.wait_with_helper(items, &self.not_empty, |n, _| n > 0);
        }
        items.pop_front().expect("the helper saw an item")
    }

    /// Sleeps on `cond` until `ready(len, capacity)`. Nobody notifies on push or pop: a
    /// helper thread of this call watches the queue and notifies this thread when it can go
    /// on, so this thread sleeps (no spinning, no polling on its own time).
    fn wait_with_helper<'a>(
        &'a self,
        mut items: std::sync::MutexGuard<'a, VecDeque<T>>,
        cond: &Condvar,
        ready: fn(usize, usize) -> bool,
    ) -> std::sync::MutexGuard<'a, VecDeque<T>>
    where
        T: Send,
    {
        let done = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let watch = std::thread::Builder::new().name("queue-watch".into());
            watch.spawn_scoped(s, || {
                while !done.load(std::sync::atomic::Ordering::SeqCst) {
                    if let Ok(items) = self.items.try_lock() {
                        if ready(items.len(), self.capacity) {
                            cond.notify_all();
                        }
                    }
                    std::thread::yield_now();
                }
            })
            .expect("could not start the watcher");
            while !ready(items.len(), self.capacity) {
                items = cond.wait(items).unwrap();
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
            items
        })
    }
}
