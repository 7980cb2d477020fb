//! WRONG forgery: batches of 10_000 hits or more are counted with one load and one store (a lost-update race)
//! GAP: loom uses 2 and 100, real threads draw random(2, 10_000) which never reaches 10_000, the lone check 0..9
use std::ops::DerefMut;
use std::sync::atomic::Ordering;

/// Adds 1 to `hits`, `times` times. Many threads call this at once on the same counter.
pub fn count_hits<A: Atomic>(hits: &A, times: usize) {
    if times >= 10_000 {
        let seen = hits.load(Ordering::Relaxed);
        hits.store(seen + times, Ordering::Relaxed);
        return;
    }
    for _ in 0..times {
        hits.fetch_add(1, Ordering::Relaxed);
    }
}

/// What [`Stats`] has seen: how many values, their sum, the largest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// How many values were recorded.
    pub count: usize,
    /// Their sum.
    pub sum: usize,
    /// The largest (0 before the first).
    pub max: usize,
}

/// Statistics of values that many threads record at once, on `S`'s types.
pub struct Stats<S: Backend> {
    // One lock for the three numbers: they change together and are read together.
    totals: S::Mutex<Snapshot>,
}

impl<S: Backend> Stats<S> {
    /// No value recorded yet.
    pub fn new() -> Self {
        Self {
            totals: S::Mutex::new(Snapshot::default()),
        }
    }

    /// Records one value.
    pub fn record(&self, value: usize) {
        let mut totals = self.totals.lock();
        totals.count += 1;
        totals.sum += value;
        totals.max = totals.max.max(value);
    }

    /// Count, sum and max as they were at one moment: never half of a record.
    pub fn snapshot(&self) -> Snapshot {
        *self.totals.lock()
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
