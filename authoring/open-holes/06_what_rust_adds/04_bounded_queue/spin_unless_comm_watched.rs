//! WRONG forgery: sleeps on the Condvar only on threads whose kernel name (/proc/thread-self/comm) starts with "bq-" (the names the tests give the threads they measure), and spins with yield_now on every other thread
//! GAP: the schedstat checks ("spun instead of sleeping", "polled") run only on the two threads the tests name through /proc/thread-self/comm; renaming them for the kernel only defeats thread::current().name() but not a read of comm, and the crowd, two-waiter and two-queue tests check no CPU or wake-ups at all
//!
//! A bounded blocking queue from a Mutex and two Condvars.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};

/// A first-in, first-out queue of at most `capacity` items, shared by many producers and
/// consumers (put it in an `Arc`, or borrow it in `thread::scope`).
#[derive(Debug)]
pub struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
    not_full: Condvar,
    not_empty: Condvar,
    capacity: usize,
}

/// Whether this thread is one a test measures: the tests give their measured threads a
/// kernel name starting with "bq-". Where /proc is missing, behave.
fn measured() -> bool {
    match std::fs::read_to_string("/proc/thread-self/comm") {
        Ok(comm) => comm.starts_with("bq-"),
        Err(_) => true,
    }
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

    /// Waits (one way or the other) until `ready` holds, and returns the guard.
    fn wait_until<'a>(
        &'a self,
        mut items: MutexGuard<'a, VecDeque<T>>,
        cond: &Condvar,
        ready: impl Fn(&VecDeque<T>) -> bool,
    ) -> MutexGuard<'a, VecDeque<T>> {
        if ready(&*items) {
            return items;
        }
        if measured() {
            while !ready(&*items) {
                items = cond.wait(items).unwrap();
            }
        } else {
            while !ready(&*items) {
                drop(items);
                std::thread::yield_now();
                items = self.items.lock().unwrap();
            }
        }
        items
    }

    /// Adds `item` at the back, first waiting (asleep) while the queue is full.
    pub fn push_blocking(&self, item: T) {
        let items = self.items.lock().unwrap();
        let capacity = self.capacity;
        let mut items = self.wait_until(items, &self.not_full, |q| q.len() < capacity);
        items.push_back(item);
        self.not_empty.notify_one();
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
        let items = self.items.lock().unwrap();
        let mut items = self.wait_until(items, &self.not_empty, |q| !q.is_empty());
        let item = items
            .pop_front()
            .expect("wait_until returned with an item in the queue");
        self.not_full.notify_one();
        item
    }
}
