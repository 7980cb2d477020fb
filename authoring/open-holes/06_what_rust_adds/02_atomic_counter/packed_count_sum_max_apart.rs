//! WRONG forgery: Stats takes its S::Mutex only inside loom::model (it asks by making a loom atomic); on real threads it packs count and sum into ONE atomic (count in the high 32 bits, one fetch_add per record) and keeps max in a second atomic (fetch_max)
//! GAP: the real-thread torn-snapshot check only tests sum against count (sum == 2·count, or + big), never max; with count and sum in one word they can never disagree, so a snapshot with the count and sum of a record but the max of before passes, and loom only ever sees the lock
//!
//! The corpus's lock_inside_model is caught by that real-thread check because its three
//! atomics let sum and count tear; here only max can tear from them, and max is checked only
//! in the last snapshot (and in each_stats, on one thread). Under loom, on the Loom backend
//! and on the test's Disguised one alike, record and snapshot take the lock, so the model
//! checker explores the lock and finds nothing. On real threads a snapshot can read
//! { count: 1, sum: 5, max: 0 }: half a record.

use std::ops::DerefMut;
use std::sync::atomic::Ordering;

/// Adds 1 to `hits`, `times` times. Many threads call this at once on the same counter.
pub fn count_hits<A: Atomic>(hits: &A, times: usize) {
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

/// Where the count starts in the packed word; the sum is below it.
const COUNT_SHIFT: u32 = 32;
const SUM_MASK: usize = (1 << COUNT_SHIFT) - 1;

/// Statistics of values that many threads record at once, on `S`'s types.
pub struct Stats<S: Backend> {
    /// What the model checker sees: one lock around the three numbers.
    totals: S::Mutex<Snapshot>,
    /// What real threads use: count and sum in one word, so they never disagree...
    packed: S::Atomic,
    /// ...and max beside them.
    max: S::Atomic,
}

/// Are we inside loom::model? A loom atomic can be made only there (elsewhere it panics).
/// Asked once per OS thread: loom runs all its threads on the thread that called it.
fn under_the_model_checker() -> bool {
    thread_local! {
        static INSIDE: std::cell::Cell<Option<bool>> = const { std::cell::Cell::new(None) };
    }
    INSIDE.with(|inside| {
        if let Some(known) = inside.get() {
            return known;
        }
        let known = std::panic::catch_unwind(|| {
            let _probe = loom::sync::atomic::AtomicUsize::new(0);
        })
        .is_ok();
        inside.set(Some(known));
        known
    })
}

impl<S: Backend> Stats<S> {
    /// No value recorded yet.
    pub fn new() -> Self {
        Self {
            totals: S::Mutex::new(Snapshot::default()),
            packed: S::Atomic::new(0),
            max: S::Atomic::new(0),
        }
    }

    /// Records one value.
    pub fn record(&self, value: usize) {
        if under_the_model_checker() {
            let mut totals = self.totals.lock();
            totals.count += 1;
            totals.sum += value;
            totals.max = totals.max.max(value);
        } else {
            self.packed
                .fetch_add((1 << COUNT_SHIFT) + value, Ordering::Relaxed);
            self.max.fetch_max(value, Ordering::Relaxed);
        }
    }

    /// Count, sum and max as they were at one moment: never half of a record.
    pub fn snapshot(&self) -> Snapshot {
        if under_the_model_checker() {
            *self.totals.lock()
        } else {
            let packed = self.packed.load(Ordering::Relaxed);
            Snapshot {
                count: packed >> COUNT_SHIFT,
                sum: packed & SUM_MASK,
                max: self.max.load(Ordering::Relaxed),
            }
        }
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
