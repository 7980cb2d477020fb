//! I made every atomic Relaxed: the flag is a bool, the slot a number, and the lock a CAS.
//! Relaxed is the fastest ordering, and each access is atomic anyway.
use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub fn send(slot: &AtomicU64, ready: &AtomicBool, value: u64) {
    slot.store(value, Ordering::Relaxed);
    ready.store(true, Ordering::Relaxed);
}

pub fn try_receive(slot: &AtomicU64, ready: &AtomicBool) -> Option<u64> {
    if ready.load(Ordering::Relaxed) {
        Some(slot.load(Ordering::Relaxed))
    } else {
        None
    }
}

pub fn lock(locked: &AtomicBool) {
    while locked
        .compare_exchange(false, true, Ordering::Relaxed, Ordering::Relaxed)
        .is_err()
    {
        loom::hint::spin_loop();
    }
}

pub fn unlock(locked: &AtomicBool) {
    locked.store(false, Ordering::Relaxed);
}
