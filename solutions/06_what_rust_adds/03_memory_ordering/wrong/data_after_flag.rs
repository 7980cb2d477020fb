//! I raise the flag first, with Release, and then fill in the slot: the reader waits for the
//! flag anyway, and the value is stored right after.
use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Raises ready, then stores the value.
pub fn send(slot: &AtomicU64, ready: &AtomicBool, value: u64) {
    ready.store(true, Ordering::Release);
    slot.store(value, Ordering::Release);
}

/// The value once ready is raised.
pub fn try_receive(slot: &AtomicU64, ready: &AtomicBool) -> Option<u64> {
    if ready.load(Ordering::Acquire) {
        Some(slot.load(Ordering::Acquire))
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
        loom::hint::spin_loop();
    }
}

/// Releases the lock.
pub fn unlock(locked: &AtomicBool) {
    locked.store(false, Ordering::Release);
}
