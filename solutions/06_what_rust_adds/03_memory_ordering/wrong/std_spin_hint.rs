//! A spin lock as the std docs show it: compare_exchange with Acquire, and
//! std::hint::spin_loop() while it is taken.
use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};

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
pub fn lock(locked: &AtomicBool) {
    while locked
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        std::hint::spin_loop();
    }
}

/// Releases the lock.
pub fn unlock(locked: &AtomicBool) {
    locked.store(false, Ordering::Release);
}
