//! # Exercise 6.5 — dining philosophers: a deadlock, seen and removed
//!
//! Five philosophers sit round a table with one fork between each two neighbours. To eat, a
//! philosopher needs both forks beside them. If every philosopher takes the left fork first
//! and then the right, all five can end up holding one fork each and waiting for the next
//! one's for ever: a deadlock. Rust does not prevent deadlocks (no language does); it gives
//! you locks you can reason about. The usual cure is a **lock order**: every thread takes
//! locks in one global order, so no cycle of waits can form.
//!
//! Your task: fix [`dine`]. As given, it is the naive version: every philosopher takes the
//! left fork, then the right. Run `cargo test` and read who waits for whom.

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
            std::thread::Builder::new()
                .name(format!("philosopher {i}"))
                .spawn_scoped(s, move || {
                    for _ in 0..meals {
                        // Left fork first, then the right one: what could go wrong?
                        let _left = forks[left].lock_blocking();
                        let _right = forks[right].lock_blocking();
                        eat(i);
                    }
                })
                .expect("could not start a philosopher's thread");
        }
    });
}
