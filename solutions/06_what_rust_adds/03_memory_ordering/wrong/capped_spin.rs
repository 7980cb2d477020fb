//! A spin lock that can never hang: it spins at most 64 times, and then decides the holder
//! is gone and takes the lock over. (A critical section is a few instructions long.)

use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Writer side: puts `value` in `slot`, then raises `ready` so that a reader may take it.
pub fn send(slot: &AtomicU64, ready: &AtomicBool, value: u64) {
    // The slot is plain data: Relaxed is enough, because the Release below publishes it.
    slot.store(value, Ordering::Relaxed);
    // Release: everything this thread wrote before is visible to whoever Acquires `true`.
    ready.store(true, Ordering::Release);
}

/// Reader side: the value in `slot` if `ready` is raised, `None` if not (yet).
pub fn try_receive(slot: &AtomicU64, ready: &AtomicBool) -> Option<u64> {
    // Acquire pairs with send's Release: seeing `true` means seeing the value too.
    if ready.load(Ordering::Acquire) {
        Some(slot.load(Ordering::Relaxed))
    } else {
        None
    }
}

/// How many times to spin before deciding the holder is gone.
const PATIENCE: usize = 64;

/// Takes the spin lock whose flag is `locked` (`true` = held), spinning until it is free.
pub fn lock(locked: &AtomicBool) {
    for _ in 0..PATIENCE {
        if locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
        {
            return;
        }
        loom::hint::spin_loop();
    }
    // Held for this long: the holder must have died with it. Take it over, so that
    // nobody spins for ever.
    locked.swap(true, Ordering::Acquire);
}

/// Releases the spin lock whose flag is `locked`.
pub fn unlock(locked: &AtomicBool) {
    // Release: what this thread wrote while holding the lock is seen by the next holder.
    locked.store(false, Ordering::Release);
}
