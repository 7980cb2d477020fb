//! try_receive takes the message: swap(false, Acquire) on ready, so a value is received once.


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
    // One-shot: taking the message lowers the flag again (swap, with Acquire), so the same
    // value is never received twice.
    if ready.swap(false, Ordering::Acquire) {
        Some(slot.load(Ordering::Relaxed))
    } else {
        None
    }
}

/// Takes the spin lock whose flag is `locked` (`true` = held), spinning until it is free.
pub fn lock(locked: &AtomicBool) {
    // One atomic step from false to true: two threads cannot both succeed. Acquire on success
    // pairs with unlock's Release; a failure reads nothing we rely on, so it is Relaxed.
    while locked
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        // Tells the CPU (and loom's scheduler) that this thread is waiting for another one.
        loom::hint::spin_loop();
    }
}

/// Releases the spin lock whose flag is `locked`.
pub fn unlock(locked: &AtomicBool) {
    // Release: what this thread wrote while holding the lock is seen by the next holder.
    locked.store(false, Ordering::Release);
}
