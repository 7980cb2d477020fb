//! WRONG mistake: an arbiter of n − 1 seats with left-fork-first, but "wait for a free seat" and "take the seat" are two critical sections (the seat count is checked under the lock, the lock let go, then taken again to add 1), so two philosophers can both see the last free seat and all n reach for forks at once: a deadlock
//! GAP: the order cycle is only judged when all n philosophers held or waited for a fork at one instant, and a run passes whenever the check-then-act race does not fire (it needs two threads between the check and the increment at once): the tests see a correct arbiter almost every run
//!
//! Exercise 6.5 — dining philosophers: a deadlock, seen and removed.

use std::sync::{Condvar, Mutex};
use toolkit::lock::TracedMutex;

/// A fork on the table: a lock made by the test, which records on the timeline who held it
/// and when, and knows who waits for it.
pub type Fork = TracedMutex<()>;

/// The waiter: at most `seats` philosophers reach for forks at once.
struct Waiter {
    seated: Mutex<usize>,
    freed: Condvar,
    seats: usize,
}

impl Waiter {
    fn new(seats: usize) -> Self {
        Self {
            seated: Mutex::new(0),
            freed: Condvar::new(),
            seats,
        }
    }

    /// Sleeps until a seat is free.
    fn wait_for_a_seat(&self) {
        let seated = self.seated.lock().unwrap();
        let _seated = self
            .freed
            .wait_while(seated, |seated| *seated >= self.seats)
            .unwrap();
    }

    /// Takes the seat we waited for.
    fn sit(&self) {
        *self.seated.lock().unwrap() += 1;
    }

    /// Leaves the table and wakes one philosopher waiting for a seat.
    fn leave(&self) {
        *self.seated.lock().unwrap() -= 1;
        self.freed.notify_one();
    }
}

/// Seats one philosopher per fork round the table, lets each eat `meals` times, and returns
/// when all have eaten.
///
/// Philosopher `i` sits between fork `i` (left) and fork `(i + 1) % n` (right), `n` being
/// `forks.len()` (at least 2). Each philosopher runs on a thread of its own, named
/// `philosopher {i}`. For each meal a philosopher takes both forks with
/// [`TracedMutex::lock_blocking`], calls `eat(i)` while holding both, and puts them down.
pub fn dine(forks: &[Fork], meals: usize, eat: &(dyn Fn(usize) + Sync)) {
    let n = forks.len();
    // At most n − 1 philosophers reach for forks at once: one of them always gets both.
    let waiter = Waiter::new(n - 1);
    std::thread::scope(|s| {
        for i in 0..n {
            let (left, right) = (i, (i + 1) % n);
            let waiter = &waiter;
            std::thread::Builder::new()
                .name(format!("philosopher {i}"))
                .spawn_scoped(s, move || {
                    for _ in 0..meals {
                        waiter.wait_for_a_seat();
                        waiter.sit();
                        {
                            let _left = forks[left].lock_blocking();
                            let _right = forks[right].lock_blocking();
                            eat(i);
                        }
                        waiter.leave();
                    }
                })
                .expect("could not start a philosopher's thread");
        }
    });
}
