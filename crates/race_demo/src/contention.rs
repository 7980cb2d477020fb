//! `--contention`: what an increment costs when threads share a counter. Each measurement
//! splits one number of increments over 1, 2, 4 and 8 threads, starts them together at a
//! barrier, and divides the wall time until the last one finishes by the increments: the
//! nanoseconds per increment of the whole program. Every count is checked exactly.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The thread counts of the table's columns.
pub const THREAD_COUNTS: [usize; 4] = [1, 2, 4, 8];

/// Runs per cell; the table shows their median, which one unlucky run (another program taking
/// a core) does not move.
pub const REPEATS: usize = 5;

/// The ways of counting, one row each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// One `AtomicUsize`, `fetch_add(1, Relaxed)` from every thread.
    Atomic,
    /// One `Mutex<usize>`, locked for every increment.
    Mutex,
    /// One `AtomicUsize` per thread, side by side in a `Vec`: no two threads touch the same
    /// counter, but up to eight share a 64-byte cache line ("false sharing").
    PerThreadAdjacent,
    /// One `AtomicUsize` per thread, each on its own 128 bytes, summed at the end.
    PerThreadPadded,
}

impl Counter {
    /// Every row, in the table's order.
    pub const ALL: [Counter; 4] = [
        Counter::Atomic,
        Counter::Mutex,
        Counter::PerThreadAdjacent,
        Counter::PerThreadPadded,
    ];

    /// The row's name.
    pub fn name(self) -> &'static str {
        match self {
            Counter::Atomic => "one AtomicUsize, fetch_add",
            Counter::Mutex => "one Mutex<usize>, lock and += 1",
            Counter::PerThreadAdjacent => "an AtomicUsize per thread, adjacent",
            Counter::PerThreadPadded => "an AtomicUsize per thread, padded",
        }
    }
}

/// A counter alone on 128 bytes. 128, not 64: x86 CPUs fetch cache lines in pairs (the
/// "adjacent line prefetcher"), so two counters 64 bytes apart can still slow each other.
#[repr(align(128))]
#[derive(Default)]
struct Padded(AtomicUsize);

/// Nanoseconds per increment of `counter` with `threads` threads sharing `total` increments,
/// median of [`REPEATS`] runs. `Err` if a count came out wrong (it never should).
pub fn ns_per_increment(counter: Counter, threads: usize, total: usize) -> Result<f64, String> {
    let per_thread = total / threads;
    let mut runs: Vec<f64> = Vec::with_capacity(REPEATS);
    for _ in 0..REPEATS {
        let (took, count) = run_once(counter, threads, per_thread);
        if count != per_thread * threads {
            return Err(format!(
                "{}: {threads} threads counted {count}, expected {}",
                counter.name(),
                per_thread * threads
            ));
        }
        runs.push(took.as_nanos() as f64 / (per_thread * threads) as f64);
    }
    runs.sort_by(f64::total_cmp);
    Ok(runs[REPEATS / 2])
}

/// One run: the wall time from the barrier to the last thread's end, and the final count.
fn run_once(counter: Counter, threads: usize, per_thread: usize) -> (Duration, usize) {
    let shared_atomic = AtomicUsize::new(0);
    let shared_mutex = Mutex::new(0_usize);
    let adjacent: Vec<AtomicUsize> = (0..threads).map(|_| AtomicUsize::new(0)).collect();
    let padded: Vec<Padded> = (0..threads).map(|_| Padded::default()).collect();
    // Every thread and this one wait here, so spawning is not timed.
    let start = Barrier::new(threads + 1);
    let mut started = Instant::now();
    thread::scope(|s| {
        for i in 0..threads {
            let (start, shared_atomic, shared_mutex) = (&start, &shared_atomic, &shared_mutex);
            let (mine, my_padded) = (&adjacent[i], &padded[i].0);
            s.spawn(move || {
                start.wait();
                for _ in 0..per_thread {
                    match counter {
                        Counter::Atomic => _ = shared_atomic.fetch_add(1, Ordering::Relaxed),
                        Counter::Mutex => *shared_mutex.lock().expect("poisoned") += 1,
                        Counter::PerThreadAdjacent => _ = mine.fetch_add(1, Ordering::Relaxed),
                        Counter::PerThreadPadded => _ = my_padded.fetch_add(1, Ordering::Relaxed),
                    }
                }
            });
        }
        start.wait();
        started = Instant::now();
    });
    let took = started.elapsed();
    let count = match counter {
        Counter::Atomic => shared_atomic.into_inner(),
        Counter::Mutex => shared_mutex.into_inner().expect("poisoned"),
        Counter::PerThreadAdjacent => adjacent.iter().map(|c| c.load(Ordering::Relaxed)).sum(),
        Counter::PerThreadPadded => padded.iter().map(|c| c.0.load(Ordering::Relaxed)).sum(),
    };
    (took, count)
}

/// Measures every row and column and prints the table. `Err` if a count came out wrong.
pub fn print_table(total: usize) -> Result<(), String> {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let build = match cfg!(debug_assertions) {
        true => {
            "a DEBUG build: run `cargo run --release -p race_demo -- --contention` for real figures"
        }
        false => "a release build",
    };
    println!("Nanoseconds per increment under contention ({cores} cores available, {build}).");
    println!(
        "Each cell: {total} increments split over the threads, wall time / increments, median of {REPEATS} runs."
    );
    println!();
    print!("{:<38}", "counter");
    for threads in THREAD_COUNTS {
        print!(
            "{:>11}",
            format!("{threads} thread{}", if threads == 1 { "" } else { "s" })
        );
    }
    println!();
    for counter in Counter::ALL {
        print!("{:<38}", counter.name());
        for threads in THREAD_COUNTS {
            print!("{:>11.1}", ns_per_increment(counter, threads, total)?);
        }
        println!();
    }
    println!();
    println!(
        "Every count above was checked: none lost an increment. Lower is better; with more threads \
         than cores ({cores}) the threads also take turns on the cores."
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_counter_counts_exactly() {
        for counter in Counter::ALL {
            for threads in THREAD_COUNTS {
                let (_, count) = run_once(counter, threads, 1_000);
                assert_eq!(count, threads * 1_000, "{}", counter.name());
            }
        }
    }
}
