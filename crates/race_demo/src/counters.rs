//! The Rust half: the same counter on the same threads, in the two ways that compile. Both
//! lose nothing, because each increment is one indivisible step that no other thread can
//! split: a `fetch_add` in hardware, a `+= 1` under the lock.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use toolkit::Timeline;

/// `counter.fetch_add(1, Relaxed)` from `threads` threads, `increments` times each; returns the
/// final count. Each thread's loop is recorded on `timeline` as a span.
///
/// `Relaxed` is enough: every `fetch_add` is indivisible whatever its ordering. Orderings say
/// what a thread sees of *other* memory around the operation, and the count is read only after
/// `scope` has joined every thread, which already makes all their writes visible.
pub fn count_atomic(threads: usize, increments: usize, timeline: &Timeline) -> usize {
    let counter = AtomicUsize::new(0);
    thread::scope(|s| {
        for i in 1..=threads {
            let counter = &counter;
            thread::Builder::new()
                .name(format!("atomic-{i}"))
                .spawn_scoped(s, move || {
                    timeline.record("fetch_add", || {
                        for _ in 0..increments {
                            counter.fetch_add(1, Ordering::Relaxed);
                        }
                    })
                })
                .expect("the operating system could not start a thread");
        }
    });
    counter.into_inner()
}

/// `*counter.lock().unwrap() += 1` from `threads` threads, `increments` times each; returns
/// the final count. Each thread's loop is recorded on `timeline` as a span.
///
/// The guard lives only for the statement, so the threads take turns for each single increment:
/// correct, and (see `--contention`) the slowest way to share a counter.
pub fn count_mutex(threads: usize, increments: usize, timeline: &Timeline) -> usize {
    let counter = Mutex::new(0_usize);
    thread::scope(|s| {
        for i in 1..=threads {
            let counter = &counter;
            thread::Builder::new()
                .name(format!("mutex-{i}"))
                .spawn_scoped(s, move || {
                    timeline.record("lock", || {
                        for _ in 0..increments {
                            // A thread that panicked while holding the lock would poison it; none
                            // can here, so a poisoned lock is a bug worth stopping for.
                            *counter.lock().expect("the counter's lock was poisoned") += 1;
                        }
                    })
                })
                .expect("the operating system could not start a thread");
        }
    });
    counter
        .into_inner()
        .expect("the counter's lock was poisoned")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_counts_are_exact_and_each_thread_is_recorded() {
        let timeline = Timeline::new();
        assert_eq!(count_atomic(3, 10_000, &timeline), 30_000);
        assert_eq!(count_mutex(3, 10_000, &timeline), 30_000);
        let spans = timeline.spans();
        assert_eq!(spans.len(), 6, "{spans:?}");
    }
}
