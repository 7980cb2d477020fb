//! WRONG mistake: lock takes the lock over after spinning for 5 s ("the holder must have crashed"), a lease like a lock file's: past that, two threads are inside at once
//! GAP: lock_waits_as_long_as_the_lock_is_held catches a capped spin only if the cap comes before loom's budget of 20,000 branches; a cap in time (5 s) never does (loom gives up in a fraction of that, which the test takes as "waited for ever", and 5 s is also the test's own watchdog)
//!
//! send, try_receive and unlock are the reference's; lock is the reference's spin plus a
//! deadline. Under the tests it is indistinguishable from a lock with no limit: every other
//! model releases the lock within a few steps. In a program whose critical section ever
//! takes longer than 5 s (a page fault storm, a stopped debugger, a long computation under
//! the lock), a second thread walks in: the corpus's capped_spin, with the cap measured
//! where the model checker cannot reach it.

use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a holder may keep the lock before it is presumed dead and the lock taken over.
const LEASE: Duration = Duration::from_secs(5);

/// Writer side: puts `value` in `slot`, then raises `ready` so that a reader may take it.
pub fn send(slot: &AtomicU64, ready: &AtomicBool, value: u64) {
    slot.store(value, Ordering::Relaxed);
    ready.store(true, Ordering::Release);
}

/// Reader side: the value in `slot` if `ready` is raised, `None` if not (yet).
pub fn try_receive(slot: &AtomicU64, ready: &AtomicBool) -> Option<u64> {
    if ready.load(Ordering::Acquire) {
        Some(slot.load(Ordering::Relaxed))
    } else {
        None
    }
}

/// Takes the spin lock whose flag is `locked` (`true` = held), spinning until it is free.
pub fn lock(locked: &AtomicBool) {
    let started = Instant::now();
    while locked
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        if started.elapsed() >= LEASE {
            // Nobody holds a spin lock this long: its holder is gone. Take the lock over.
            let _ = locked.swap(true, Ordering::Acquire);
            return;
        }
        loom::hint::spin_loop();
    }
}

/// Releases the spin lock whose flag is `locked`.
pub fn unlock(locked: &AtomicBool) {
    locked.store(false, Ordering::Release);
}
