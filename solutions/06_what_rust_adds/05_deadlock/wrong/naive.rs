//! Each philosopher picks up the left fork, then the right one, eats, and puts them down.
//! That's how people do it at a table, so it should be fine.

use toolkit::lock::TracedMutex;

/// A fork on the table.
pub type Fork = TracedMutex<()>;

/// Seats the philosophers and lets each eat `meals` times.
pub fn dine(forks: &[Fork], meals: usize, eat: &(dyn Fn(usize) + Sync)) {
    let n = forks.len();
    std::thread::scope(|s| {
        for i in 0..n {
            s.spawn(move || {
                for _ in 0..meals {
                    let _left = forks[i].lock_blocking();
                    let _right = forks[(i + 1) % n].lock_blocking();
                    eat(i);
                }
            });
        }
    });
}
