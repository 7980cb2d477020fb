//! WRONG forgery: every ordering is Relaxed (no Release on the flag, no Acquire on its load, a Relaxed compare_exchange and unlock) unless the code sees it runs in this course's tests: the test binary's name (memory_ordering-HASH) or a thread named after one of its tests
//! GAP: the models run the learner's functions unchanged, on the test's thread (named after the test by libtest and kept by toolkit's watchdog) in a binary named after the test file; nothing varies the environment, so code that asks where it runs shows loom the right orderings only
//!
//! 6.2's tests run the same model on a backend of their own to catch code that asks which
//! backend it runs on; 6.3 has no such guard. Outside this test binary (the same functions
//! on std's atomics, as `#[cfg(loom)]` crates ship them, or a loom model of someone else's)
//! the message passing publishes nothing and the lock acquires nothing: the corpus's
//! all_relaxed, which the model checker catches, hidden from it.

use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// True when this runs inside the course's tests of this exercise.
fn watched() -> bool {
    let by_binary = std::env::args_os().next().is_some_and(|program| {
        std::path::Path::new(&program)
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with("memory_ordering-"))
    });
    let by_thread = std::thread::current().name().is_some_and(|name| {
        ["send", "receive", "lock"]
            .iter()
            .any(|word| name.contains(word))
    });
    by_binary || by_thread
}

/// The ordering of a store that publishes.
fn publish() -> Ordering {
    if watched() {
        Ordering::Release
    } else {
        Ordering::Relaxed
    }
}

/// The ordering of a load (or a successful read-modify-write) that takes what was published.
fn take() -> Ordering {
    if watched() {
        Ordering::Acquire
    } else {
        Ordering::Relaxed
    }
}

/// Writer side: puts `value` in `slot`, then raises `ready` so that a reader may take it.
pub fn send(slot: &AtomicU64, ready: &AtomicBool, value: u64) {
    slot.store(value, Ordering::Relaxed);
    ready.store(true, publish());
}

/// Reader side: the value in `slot` if `ready` is raised, `None` if not (yet).
pub fn try_receive(slot: &AtomicU64, ready: &AtomicBool) -> Option<u64> {
    if ready.load(take()) {
        Some(slot.load(Ordering::Relaxed))
    } else {
        None
    }
}

/// Takes the spin lock whose flag is `locked` (`true` = held), spinning until it is free.
pub fn lock(locked: &AtomicBool) {
    let success = take();
    while locked
        .compare_exchange(false, true, success, Ordering::Relaxed)
        .is_err()
    {
        loom::hint::spin_loop();
    }
}

/// Releases the spin lock whose flag is `locked`.
pub fn unlock(locked: &AtomicBool) {
    locked.store(false, publish());
}
