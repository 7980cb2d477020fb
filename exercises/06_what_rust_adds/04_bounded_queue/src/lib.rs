//! # bounded_queue — a blocking queue from a Mutex and Condvars
//!
//! Producers put items in, consumers take them out, and the queue holds at most `capacity`
//! of them: a producer that finds it full **waits** (backpressure), a consumer that finds it
//! empty waits too. Waiting means sleeping on a [`Condvar`] until another thread changes the
//! queue and notifies — not spinning, not polling.
//!
//! Python's `queue.Queue(maxsize=n)` is this very structure: a `deque`, one lock, and
//! `threading.Condition`s called `not_full` and `not_empty`.
//!
//! ```python
//! q = queue.Queue(maxsize=2)
//! q.put(item)      # blocks while full
//! item = q.get()   # blocks while empty
//! ```
//!
//! Edit this file: choose the fields and fill in the methods (see the README).

use std::marker::PhantomData;
// TODO: you will need these (and remove this `allow`).
#[allow(unused_imports)]
use std::collections::VecDeque;
#[allow(unused_imports)]
use std::sync::{Condvar, Mutex};

/// A first-in, first-out queue of at most `capacity` items, shared by many producers and
/// consumers (put it in an `Arc`, or borrow it in `thread::scope`).
#[derive(Debug)]
pub struct BoundedQueue<T> {
    // TODO: the items behind a Mutex, and the Condvar(s) that threads wait on. Then remove
    // `_items`, which only stands in for them.
    capacity: usize,
    _items: PhantomData<T>,
}

impl<T> BoundedQueue<T> {
    /// An empty queue that holds at most `capacity` items (at least 1).
    pub fn new(capacity: usize) -> Self {
        assert!(
            capacity > 0,
            "a bounded queue needs room for at least one item"
        );
        Self {
            capacity,
            _items: PhantomData,
        }
    }

    /// How many items the queue holds at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Adds `item` at the back, first waiting (asleep) while the queue is full.
    // TODO: remove this `allow` once you use the parameter.
    #[allow(unused_variables)]
    pub fn push_blocking(&self, item: T) {
        // TODO: lock; while full, wait on a Condvar; push; wake a consumer.
        todo!("wait while full, then push")
    }

    /// Makes an item with `make` (which may be slow) and adds it, waiting while the queue is
    /// full. The queue's lock is not held while `make` runs: other producers and consumers go
    /// on meanwhile.
    // TODO: remove this `allow` once you use the parameter.
    #[allow(unused_variables)]
    pub fn push_with_blocking(&self, make: impl FnOnce() -> T) {
        todo!("make the item, then push it")
    }

    /// Takes the item at the front, first waiting (asleep) while the queue is empty.
    pub fn pop_blocking(&self) -> T {
        // TODO: lock; while empty, wait on a Condvar; pop; wake a producer.
        todo!("wait while empty, then pop")
    }
}
