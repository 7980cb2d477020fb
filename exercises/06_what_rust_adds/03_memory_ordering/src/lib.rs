//! # memory_ordering — Acquire/Release, checked by a model checker
//!
//! Two threads share memory through atomics. Which *ordering* each load and store uses decides
//! what the other thread may see:
//!
//! 1. **One-shot message passing** ([`send`], [`try_receive`]): the writer puts a value in a
//!    slot, then raises a `ready` flag; a reader that sees the flag must also see the value.
//! 2. **A spin lock** ([`lock`], [`unlock`]): whoever takes the lock must see everything the
//!    previous holder wrote while holding it.
//!
//! Python has no orderings to choose (see the README): Rust lets you pay only for the ordering
//! you need, and the tests check your choice with loom, a model checker that tries every
//! interleaving and every value a `Relaxed` load is allowed to return.
//!
//! The atomics are loom's (`loom::sync::atomic`): the tests create them inside the model and
//! hand them to you, so the checker sees every access. Edit this file (see the README).

// TODO: you will need Ordering (and remove this `allow`).
#[allow(unused_imports)]
use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Writer side: puts `value` in `slot`, then raises `ready` so that a reader may take it.
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub fn send(slot: &AtomicU64, ready: &AtomicBool, value: u64) {
    // TODO: store the value, then the flag. Which ordering makes the value visible with it?
    todo!("store the value in the slot, then raise ready")
}

/// Reader side: the value in `slot` if `ready` is raised, `None` if not (yet).
// TODO: remove this `allow` once you use the parameters.
#[allow(unused_variables)]
pub fn try_receive(slot: &AtomicU64, ready: &AtomicBool) -> Option<u64> {
    // TODO: look at the flag first; only if it is raised, read the slot.
    todo!("read ready, then the slot")
}

/// Takes the spin lock whose flag is `locked` (`true` = held), spinning until it is free.
// TODO: remove this `allow` once you use the parameter.
#[allow(unused_variables)]
pub fn lock(locked: &AtomicBool) {
    // TODO: turn the flag from false to true in one atomic step; while that fails, spin
    // (calling loom::hint::spin_loop() each time round).
    todo!("take the spin lock")
}

/// Releases the spin lock whose flag is `locked`.
// TODO: remove this `allow` once you use the parameter.
#[allow(unused_variables)]
pub fn unlock(locked: &AtomicBool) {
    todo!("release the spin lock")
}
