//! The README's fix, as I read it: philosopher 4 reaches for fork 0 (the right one) first,
//! everyone else left fork first.

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
            // Philosopher 4 reaches for fork 0 before fork 4 (the README's fix); everyone
            // else takes the left fork first.
            let (first, second) = if i == 4 { (right, left) } else { (left, right) };
            std::thread::Builder::new()
                .name(format!("philosopher {i}"))
                .spawn_scoped(s, move || {
                    for _ in 0..meals {
                        let _first = forks[first].lock_blocking();
                        let _second = forks[second].lock_blocking();
                        eat(i);
                        // Both guards drop here: the forks go back on the table.
                    }
                })
                .expect("could not start a philosopher's thread");
        }
    });
}
