//! My lock waits until the flag is false, then sets it to true. Acquire on the load, so I see
//! the previous holder's writes.
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

/// Waits for the lock to be free, then takes it.
pub fn lock(locked: &AtomicBool) {
    while locked.load(Ordering::Acquire) {
        loom::hint::spin_loop();
    }
    locked.store(true, Ordering::Relaxed);
}

/// Releases the lock.
pub fn unlock(locked: &AtomicBool) {
    locked.store(false, Ordering::Release);
}
