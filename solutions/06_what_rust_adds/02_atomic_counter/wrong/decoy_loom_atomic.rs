//! Stats on std's atomics (fast, no lock), plus one S::Atomic touched in record and snapshot, so loom has something to interleave.
use std::ops::DerefMut;
use std::sync::atomic::{AtomicUsize as StdAtomic, Ordering};

/// Adds 1 to `hits`, `times` times.
pub fn count_hits<A: Atomic>(hits: &A, times: usize) {
    for _ in 0..times {
        hits.fetch_add(1, Ordering::Relaxed);
    }
}

/// What [`Stats`] has seen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// How many.
    pub count: usize,
    /// Sum.
    pub sum: usize,
    /// Largest.
    pub max: usize,
}

/// Statistics.
pub struct Stats<S: Backend> {
    ticks: S::Atomic,
    count: StdAtomic,
    sum: StdAtomic,
    max: StdAtomic,
}

impl<S: Backend> Stats<S> {
    /// New.
    pub fn new() -> Self {
        Self {
            ticks: S::Atomic::new(0),
            count: StdAtomic::new(0),
            sum: StdAtomic::new(0),
            max: StdAtomic::new(0),
        }
    }

    /// Records one value.
    pub fn record(&self, value: usize) {
        self.ticks.fetch_add(1, Ordering::SeqCst);
        self.count.fetch_add(1, Ordering::SeqCst);
        self.sum.fetch_add(value, Ordering::SeqCst);
        self.max.fetch_max(value, Ordering::SeqCst);
        self.ticks.fetch_add(1, Ordering::SeqCst);
    }

    /// Snapshot.
    pub fn snapshot(&self) -> Snapshot {
        self.ticks.load(Ordering::SeqCst);
        let s = Snapshot {
            count: self.count.load(Ordering::SeqCst),
            sum: self.sum.load(Ordering::SeqCst),
            max: self.max.load(Ordering::SeqCst),
        };
        self.ticks.load(Ordering::SeqCst);
        s
    }
}

impl<S: Backend> Default for Stats<S> {
    fn default() -> Self {
        Self::new()
    }
}

// ---------------------------------------------------------------------------------------
// Given: the two kinds of threads your code runs on. Do not edit below this line.
//
// Real crates pick loom's types instead of std's with `#[cfg(loom)]` and a second build
// (`RUSTFLAGS="--cfg loom" cargo test`). Here one build runs both, so the choice is a type
// parameter instead: `Std` for real threads, `Loom` for the model checker. Write your code
// with `S::Atomic` and `S::Mutex<T>` (or `A: Atomic`), and it runs on either.
// ---------------------------------------------------------------------------------------

/// Where the shared types come from: [`Std`] (real threads) or [`Loom`] (the model checker).
pub trait Backend: 'static {
    /// An atomic `usize`.
    type Atomic: Atomic;
    /// A mutual-exclusion lock around a `T`.
    type Mutex<T: Send + 'static>: Lock<T>;
}

/// `std::sync`'s types: real threads.
#[derive(Debug)]
pub enum Std {}

/// `loom::sync`'s types: threads that loom runs in every interleaving (inside `loom::model`).
#[derive(Debug)]
pub enum Loom {}

impl Backend for Std {
    type Atomic = std::sync::atomic::AtomicUsize;
    type Mutex<T: Send + 'static> = std::sync::Mutex<T>;
}

impl Backend for Loom {
    type Atomic = loom::sync::atomic::AtomicUsize;
    type Mutex<T: Send + 'static> = loom::sync::Mutex<T>;
}

/// The operations of `AtomicUsize` this exercise uses, on std's and loom's alike.
pub trait Atomic: Send + Sync + 'static {
    /// A new atomic holding `value`.
    fn new(value: usize) -> Self;
    /// Reads the value.
    fn load(&self, order: Ordering) -> usize;
    /// Writes `value`.
    fn store(&self, value: usize, order: Ordering);
    /// Adds `value` in one indivisible step; returns the value before.
    fn fetch_add(&self, value: usize, order: Ordering) -> usize;
    /// Stores the larger of the value and `value` in one indivisible step; returns the value
    /// before.
    fn fetch_max(&self, value: usize, order: Ordering) -> usize;
    /// Writes `new` if the value is `current`, in one indivisible step: `Ok(current)` if it
    /// did, `Err(actual)` if not.
    fn compare_exchange(
        &self,
        current: usize,
        new: usize,
        success: Ordering,
        failure: Ordering,
    ) -> Result<usize, usize>;
}

/// A lock around a `T`, std's or loom's.
pub trait Lock<T>: Send + Sync + 'static {
    /// A new lock around `value`.
    fn new(value: T) -> Self;
    /// Waits for the lock; the value is yours until the guard is dropped.
    fn lock(&self) -> impl DerefMut<Target = T> + '_;
}

/// Implements [`Atomic`] for an `AtomicUsize` type with std's method names.
macro_rules! atomic_usize {
    ($atomic:ty) => {
        impl Atomic for $atomic {
            fn new(value: usize) -> Self {
                <$atomic>::new(value)
            }
            fn load(&self, order: Ordering) -> usize {
                <$atomic>::load(self, order)
            }
            fn store(&self, value: usize, order: Ordering) {
                <$atomic>::store(self, value, order)
            }
            fn fetch_add(&self, value: usize, order: Ordering) -> usize {
                <$atomic>::fetch_add(self, value, order)
            }
            fn fetch_max(&self, value: usize, order: Ordering) -> usize {
                <$atomic>::fetch_max(self, value, order)
            }
            fn compare_exchange(
                &self,
                current: usize,
                new: usize,
                success: Ordering,
                failure: Ordering,
            ) -> Result<usize, usize> {
                <$atomic>::compare_exchange(self, current, new, success, failure)
            }
        }
    };
}
atomic_usize!(std::sync::atomic::AtomicUsize);
atomic_usize!(loom::sync::atomic::AtomicUsize);

impl<T: Send + 'static> Lock<T> for std::sync::Mutex<T> {
    fn new(value: T) -> Self {
        std::sync::Mutex::new(value)
    }
    fn lock(&self) -> impl DerefMut<Target = T> + '_ {
        // A thread that panicked while holding the lock leaves it poisoned; the value is
        // still there, and the panic is reported on its own.
        std::sync::Mutex::lock(self).unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl<T: Send + 'static> Lock<T> for loom::sync::Mutex<T> {
    fn new(value: T) -> Self {
        loom::sync::Mutex::new(value)
    }
    fn lock(&self) -> impl DerefMut<Target = T> + '_ {
        loom::sync::Mutex::lock(self).unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
