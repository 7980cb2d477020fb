//! A named mutex that knows who holds it and who waits for it: deadlocks as a picture of who
//! waits for whom.
//!
//! A [`TracedMutex`] is a `std::sync::Mutex` with a name (`"fork 0"`) and a [`Timeline`].
//! Every time a thread holds it, the hold is recorded on the timeline as evidence
//! ([`Source::Lock`], labelled with the lock's name, on the thread that held it); so is every
//! wait for it in [`TracedMutex::lock_blocking`] (labelled `waits for <name>`). While a
//! thread waits in [`TracedMutex::lock_blocking`], a registry remembers "this thread waits
//! for this lock, which that thread holds". When a test hangs, the
//! [watchdog](crate::watchdog) prints that wait-for graph, with the cycle named if there is
//! one:
//!
//! ```text
//! Who waits for whom (toolkit::lock):
//!   philosopher 0 holds `fork 0` and waits for `fork 1`, held by philosopher 1
//!   philosopher 1 holds `fork 1` and waits for `fork 0`, held by philosopher 0
//!   → a cycle: philosopher 0 → philosopher 1 → philosopher 0. Each waits for a lock the
//!     next one holds, and none lets go: a deadlock.
//! ```
//!
//! Threads are named by their names (`std::thread::Builder::name`), else `thread #N`.
//! Failed [`TracedMutex::try_lock`]s are counted too, so a hang with nobody waiting but
//! thousands of failed tries is named for what it is: a livelock.
//!
//! ```
//! use toolkit::lock::TracedMutex;
//! use toolkit::{Source, Timeline};
//! let timeline = Timeline::new();
//! let counter = TracedMutex::new(&timeline, "counter", 0);
//! *counter.lock_blocking() += 1;
//! assert_eq!(*counter.lock_blocking(), 1);
//! let holds = timeline.query().from_source(Source::Lock);
//! assert_eq!(holds.start_order(), ["counter", "counter"]);
//! ```

use crate::timeline::{Runner, Source, SpanGuard, Timeline};
use std::fmt::Write as _;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError, Weak};
use std::time::Duration;

/// How many holds of one lock are drawn on the timeline. Later holds are counted
/// ([`TracedMutex::holds`]) but not drawn: code that takes a lock and lets go of it in a
/// tight loop (a livelock) would otherwise fill memory with spans.
pub const DRAWN_HOLDS: u64 = 2_000;

/// A mutex with a name, whose holds are recorded on a timeline and whose waiters are known.
#[derive(Debug)]
pub struct TracedMutex<T> {
    shared: Arc<Shared>,
    timeline: Timeline,
    pickup: Duration,
    inner: Mutex<T>,
}

/// Proof that the current thread holds a [`TracedMutex`]: derefs to the value. The hold ends,
/// and is recorded, when it is dropped. Like `std::sync::MutexGuard`, it cannot be sent to
/// another thread: a lock is let go by the thread that took it.
#[derive(Debug)]
pub struct TracedGuard<'a, T> {
    lock: &'a TracedMutex<T>,
    hold: Option<SpanGuard>,
    guard: MutexGuard<'a, T>,
}

/// What the registry (and the watchdog) can see of one lock. Each lock has its own, so
/// threads busy with different locks never contend for one global lock.
#[derive(Debug)]
struct Shared {
    name: String,
    /// The test (the name of the thread) that made the lock: the watchdog of that test
    /// prints it, and no other test's.
    test: Option<String>,
    watch: Mutex<Watch>,
    failed_tries: AtomicU64,
    holds: AtomicU64,
}

/// Who holds the lock and who waits for it, this instant.
#[derive(Debug, Default, Clone)]
struct Watch {
    holder: Option<Runner>,
    waiting: Vec<Runner>,
}

impl Shared {
    /// Nothing panics while holding it, but a poisoned one is still whole.
    fn watch(&self) -> MutexGuard<'_, Watch> {
        self.watch.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<T> TracedMutex<T> {
    /// A lock called `name` around `value`, recording its holds on `timeline`.
    pub fn new(timeline: &Timeline, name: impl Into<String>, value: T) -> Self {
        let shared = Arc::new(Shared {
            name: name.into(),
            test: std::thread::current().name().map(str::to_owned),
            watch: Mutex::default(),
            failed_tries: AtomicU64::new(0),
            holds: AtomicU64::new(0),
        });
        let mut locks = registry();
        locks.retain(|l| l.strong_count() > 0);
        locks.push(Arc::downgrade(&shared));
        Self {
            shared,
            timeline: timeline.clone(),
            pickup: Duration::ZERO,
            inner: Mutex::new(value),
        }
    }

    /// After every acquisition, the taker pauses for `pause` while holding the lock (picking
    /// up a heavy fork). Tests use it to widen the window between taking one lock and the
    /// next, so that a deadlock that *can* happen *does* happen, every run.
    pub fn with_pickup(mut self, pause: Duration) -> Self {
        self.pickup = pause;
        self
    }

    /// The lock's name.
    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// Takes the lock, parking this thread until it is free. While it waits, the registry
    /// says so (for the watchdog's picture of who waits for whom).
    pub fn lock_blocking(&self) -> TracedGuard<'_, T> {
        let guard = match self.inner.try_lock() {
            Ok(guard) => guard,
            // A thread that panicked while holding it left the value as it was: go on.
            Err(TryLockError::Poisoned(e)) => e.into_inner(),
            Err(TryLockError::WouldBlock) => {
                let me = Runner::current();
                self.shared.watch().waiting.push(me.clone());
                // The wait is evidence too: a span "waits for <name>" on the waiting thread.
                let drawn = self.shared.holds.load(Ordering::Relaxed) < DRAWN_HOLDS;
                let wait = drawn.then(|| {
                    self.timeline
                        .start_as(Source::Lock, format!("waits for {}", self.shared.name))
                });
                let guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
                drop(wait);
                self.shared.watch().waiting.retain(|w| w != &me);
                guard
            }
        };
        self.held(guard)
    }

    /// Takes the lock if it is free right now, without waiting. A failure is counted: many
    /// of them, with nobody ever waiting, is the mark of a livelock.
    pub fn try_lock(&self) -> Option<TracedGuard<'_, T>> {
        match self.inner.try_lock() {
            Ok(guard) => Some(self.held(guard)),
            Err(TryLockError::Poisoned(e)) => Some(self.held(e.into_inner())),
            Err(TryLockError::WouldBlock) => {
                self.shared.failed_tries.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// How many [`TracedMutex::try_lock`]s have found this lock taken so far.
    pub fn failed_tries(&self) -> u64 {
        self.shared.failed_tries.load(Ordering::Relaxed)
    }

    /// How many times this lock has been taken so far (each hold counted, drawn or not).
    pub fn holds(&self) -> u64 {
        self.shared.holds.load(Ordering::Relaxed)
    }

    /// The lock is ours: say so, start the hold's span, then pause for the pickup.
    fn held<'a>(&'a self, guard: MutexGuard<'a, T>) -> TracedGuard<'a, T> {
        let nth = self.shared.holds.fetch_add(1, Ordering::Relaxed) + 1;
        self.shared.watch().holder = Some(Runner::current());
        let hold = (nth <= DRAWN_HOLDS).then(|| {
            self.timeline
                .start_as(Source::Lock, self.shared.name.clone())
        });
        if !self.pickup.is_zero() {
            std::thread::sleep(self.pickup);
        }
        TracedGuard {
            lock: self,
            hold,
            guard,
        }
    }
}

impl<T> Deref for TracedGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T> DerefMut for TracedGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}

impl<T> Drop for TracedGuard<'_, T> {
    // Runs before `guard` (a field) unlocks: the hold's span ends while the lock is still
    // held, so anything done under the lock lies inside it.
    fn drop(&mut self) {
        if let Some(hold) = self.hold.take() {
            hold.finish();
        }
        self.lock.shared.watch().holder = None;
    }
}

/// Every lock made so far and still alive (weak: the registry never keeps one alive).
static REGISTRY: Mutex<Vec<Weak<Shared>>> = Mutex::new(Vec::new());

/// The registry, locked. Nothing panics while holding it, but a poisoned one is still whole.
fn registry() -> MutexGuard<'static, Vec<Weak<Shared>>> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// One lock as seen at one instant.
#[derive(Debug)]
struct LockState {
    name: String,
    holder: Option<Runner>,
    waiting: Vec<Runner>,
    failed_tries: u64,
    holds: u64,
}

/// Who waits for whom among the locks `test` made, for the watchdog's message: empty when
/// none of them is waited for or tried in vain.
pub(crate) fn who_waits_for_whom(test: &str) -> String {
    let shared: Vec<Arc<Shared>> = registry().iter().filter_map(Weak::upgrade).collect();
    let mut locks: Vec<LockState> = shared
        .iter()
        .filter(|s| s.test.as_deref() == Some(test))
        .map(|s| {
            let watch = s.watch().clone();
            LockState {
                name: s.name.clone(),
                holder: watch.holder,
                waiting: watch.waiting,
                failed_tries: s.failed_tries.load(Ordering::Relaxed),
                holds: s.holds.load(Ordering::Relaxed),
            }
        })
        .collect();
    locks.sort_by(|a, b| a.name.cmp(&b.name));
    let locks: Vec<&LockState> = locks.iter().collect();
    describe(&locks)
}

/// The wait-for graph in words: each waiting thread, what it holds, what it waits for and
/// who holds that; then the cycle, if the waits close one.
fn describe(locks: &[&LockState]) -> String {
    let holds_of = |runner: &Runner| -> Vec<&str> {
        locks
            .iter()
            .filter(|s| s.holder.as_ref() == Some(runner))
            .map(|s| s.name.as_str())
            .collect()
    };
    // Each thread waits for at most one lock: thread → the lock it waits for.
    let mut waits: Vec<(&Runner, &LockState)> = locks
        .iter()
        .flat_map(|s| s.waiting.iter().map(move |w| (w, *s)))
        .collect();
    waits.sort_by_key(|(w, _)| w.thread_label());
    let failed: u64 = locks.iter().map(|s| s.failed_tries).sum();
    if waits.is_empty() && failed == 0 {
        return String::new();
    }
    let mut out = String::from("\n\nWho waits for whom (toolkit::lock):");
    for (waiter, lock) in &waits {
        let holds = holds_of(waiter);
        let holds = if holds.is_empty() {
            "holds nothing".to_owned()
        } else {
            format!("holds {}", quoted(&holds))
        };
        let held_by = match &lock.holder {
            Some(h) => format!("held by {}", h.thread_label()),
            None => "free this instant".to_owned(),
        };
        let _ = write!(
            out,
            "\n  {} {holds} and waits for `{}`, {held_by}",
            waiter.thread_label(),
            lock.name
        );
    }
    if let Some(cycle) = find_cycle(&waits) {
        let names: Vec<String> = cycle.iter().map(|r| r.thread_label()).collect();
        let _ = write!(
            out,
            "\n  → a cycle: {} → {}. Each waits for a lock the next one holds, and none lets \
             go: a deadlock.",
            names.join(" → "),
            names[0]
        );
    } else if waits.is_empty() {
        let mut tried: Vec<String> = locks
            .iter()
            .filter(|s| s.failed_tries > 0)
            .map(|s| format!("`{}` {}", s.name, s.failed_tries))
            .collect();
        tried.sort();
        let taken: u64 = locks.iter().map(|s| s.holds).sum();
        let _ = write!(
            out,
            "\n  nobody waits in lock_blocking, but try_lock() found a lock taken {failed} \
             time(s) ({}), and the locks were taken {taken} time(s): threads that let go and \
             retry at once can keep each other out for ever — a livelock.",
            tried.join(", ")
        );
    }
    out
}

/// Follows "waits for a lock held by" from each waiting thread; a thread met twice closes a
/// cycle. Returns the threads of the cycle, in wait order.
fn find_cycle<'a>(waits: &[(&'a Runner, &'a LockState)]) -> Option<Vec<&'a Runner>> {
    let next = |r: &Runner| -> Option<&'a Runner> {
        waits
            .iter()
            .find(|(w, _)| *w == r)
            .and_then(|(_, lock)| lock.holder.as_ref())
    };
    for (start, _) in waits {
        let mut path: Vec<&Runner> = vec![start];
        let mut at = *start;
        while let Some(holder) = next(at) {
            if let Some(i) = path.iter().position(|p| *p == holder) {
                return Some(path.split_off(i));
            }
            path.push(holder);
            at = holder;
        }
    }
    None
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::sync::atomic::AtomicBool;

    #[test]
    fn holds_are_evidence_on_the_thread_that_held() {
        let timeline = Timeline::new();
        let lock = TracedMutex::new(&timeline, "L", 1);
        std::thread::scope(|s| {
            s.spawn(|| *lock.lock_blocking() += 1);
        });
        assert_eq!(*lock.lock_blocking(), 2);
        let holds = timeline.query().from_source(Source::Lock);
        assert_eq!(holds.len(), 2);
        assert_eq!(holds.threads(), 2);
        assert!(lock.try_lock().is_some());
        let taken = lock.lock_blocking();
        std::thread::scope(|s| {
            s.spawn(|| assert!(lock.try_lock().is_none()));
        });
        drop(taken);
        assert_eq!(lock.failed_tries(), 1);
    }

    #[test]
    fn a_deadlock_is_described_with_its_cycle() {
        let test = std::thread::current().name().unwrap().to_owned();
        let timeline = Timeline::new();
        let a = TracedMutex::new(&timeline, "fork 0", ());
        let b = TracedMutex::new(&timeline, "fork 1", ());
        assert_eq!(who_waits_for_whom(&test), "");
        let (both, tried) = (Barrier::new(3), Barrier::new(3));
        let stop = AtomicBool::new(false);
        std::thread::scope(|s| {
            for (i, (first, second)) in [(&a, &b), (&b, &a)].into_iter().enumerate() {
                let (both, tried, stop) = (&both, &tried, &stop);
                std::thread::Builder::new()
                    .name(format!("philosopher {i}"))
                    .spawn_scoped(s, move || {
                        let _held = first.lock_blocking();
                        both.wait();
                        // One failed try each before the test looks (on a busy machine the
                        // test could otherwise see the cycle and stop them before either
                        // had tried: no failed tries, no livelock to describe).
                        assert!(second.try_lock().is_none());
                        tried.wait();
                        // Each tries for the other's lock (and fails) until the test has
                        // seen the cycle; then both give up, so the test ends.
                        while !stop.load(Ordering::Relaxed) {
                            assert!(second.try_lock().is_none());
                            std::thread::sleep(Duration::from_millis(1));
                        }
                    })
                    .unwrap();
            }
            both.wait();
            tried.wait();
            // Two threads each holding one lock and wanting the other: pretend they both
            // wait in lock_blocking (as they would in the naive code).
            let (p0, p1) = (
                runner_named(&a, "philosopher 0"),
                runner_named(&b, "philosopher 1"),
            );
            b.shared.watch().waiting.push(p0);
            a.shared.watch().waiting.push(p1);
            let said = who_waits_for_whom(&test);
            assert!(
                said.contains(
                    "philosopher 0 holds `fork 0` and waits for `fork 1`, held by philosopher 1"
                ),
                "{said}"
            );
            assert!(
                said.contains("a cycle: philosopher 0 → philosopher 1 → philosopher 0"),
                "{said}"
            );
            a.shared.watch().waiting.clear();
            b.shared.watch().waiting.clear();
            stop.store(true, Ordering::Relaxed);
        });
        let said = who_waits_for_whom(&test);
        assert!(said.contains("livelock"), "{said}");
        assert!(who_waits_for_whom("another test").is_empty());
    }

    /// The registry's runner of the thread holding `lock`, checked by name.
    fn runner_named<T>(lock: &TracedMutex<T>, name: &str) -> Runner {
        let holder = lock.shared.watch().holder.clone().unwrap();
        assert_eq!(holder.thread_label(), name);
        holder
    }
}
