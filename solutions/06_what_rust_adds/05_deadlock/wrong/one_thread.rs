//! No threads, no deadlock: one thread serves every philosopher in turn, taking their two
//! forks (lower-numbered first) for each meal.

use toolkit::lock::TracedMutex;

/// A fork on the table.
pub type Fork = TracedMutex<()>;

/// Seats the philosophers and lets each eat `meals` times.
pub fn dine(forks: &[Fork], meals: usize, eat: &(dyn Fn(usize) + Sync)) {
    let n = forks.len();
    for _ in 0..meals {
        for i in 0..n {
            let (a, b) = (i.min((i + 1) % n), i.max((i + 1) % n));
            let _first = forks[a].lock_blocking();
            let _second = forks[b].lock_blocking();
            eat(i);
        }
    }
}
