//! I read the slot and the flag together at the top and then decide: the flag is loaded with
//! Acquire, as it should be.
use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Stores the value, then raises ready.
pub fn send(slot: &AtomicU64, ready: &AtomicBool, value: u64) {
    slot.store(value, Ordering::Relaxed);
    ready.store(true, Ordering::Release);
}

/// The value once ready is raised.
pub fn try_receive(slot: &AtomicU64, ready: &AtomicBool) -> Option<u64> {
    let value = slot.load(Ordering::Relaxed);
    let raised = ready.load(Ordering::Acquire);
    raised.then_some(value)
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
