//! Left fork first, as in the story, but each philosopher sits down 40 ms after the one before: they never all reach at once.
use std::time::Duration;
use toolkit::lock::TracedMutex;

/// A fork.
pub type Fork = TracedMutex<()>;

/// Every philosopher eats `meals` times.
pub fn dine(forks: &[Fork], meals: usize, eat: &(dyn Fn(usize) + Sync)) {
    let n = forks.len();
    std::thread::scope(|s| {
        for i in 0..n {
            let (left, right) = (i, (i + 1) % n);
            std::thread::Builder::new()
                .name(format!("philosopher {i}"))
                .spawn_scoped(s, move || {
                    std::thread::sleep(Duration::from_millis(40 * i as u64));
                    for _ in 0..meals {
                        let _left = forks[left].lock_blocking();
                        let _right = forks[right].lock_blocking();
                        eat(i);
                    }
                })
                .expect("could not start a philosopher's thread");
        }
    });
}
