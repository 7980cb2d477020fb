//! `--contention`: what an increment costs when threads share a counter. Each run starts 1, 2,
//! 4 or 8 threads together at a barrier; they increment until told to stop, a fixed time later;
//! the table shows the wall time divided by the increments made: nanoseconds per increment for
//! the whole program, so lower is better and perfect scaling halves it with twice the cores.
//! A second table shows how many cores the threads kept busy meanwhile.
//!
//! A fixed time, not a fixed count, because with more threads than cores a short job can fit
//! in one time slice per thread, the threads then run one after another, and no contention is
//! measured at all. Every count is still checked exactly: the counter must equal the sum of
//! what the threads tallied for themselves.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The thread counts of the table's columns (at most 8: see [`OneLine`]).
pub const THREAD_COUNTS: [usize; 4] = [1, 2, 4, 8];

/// Runs per cell; the tables show their median, which one unlucky run (another program taking
/// a core) does not move.
pub const REPEATS: usize = 5;

/// Increments between two looks at the stop flag, so looking costs next to nothing.
const BATCH: usize = 1024;

/// The ways of counting, one row each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// One `AtomicUsize`, `fetch_add(1, Relaxed)` from every thread.
    Atomic,
    /// One `Mutex<usize>`, locked for every increment.
    Mutex,
    /// One `AtomicUsize` per thread, side by side in one 64-byte cache line: no two threads
    /// touch the same counter, but every increment still takes the line from the other cores
    /// ("false sharing").
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

/// Eight counters in one cache line, whatever the allocator does: 8 × 8 bytes, starting on a
/// 128-byte boundary. (A `Vec` of them could straddle two lines, and then some pairs of threads
/// would not share one, by chance.)
#[repr(align(128))]
#[derive(Default)]
struct OneLine([AtomicUsize; 8]);

/// The counters of one run: all four kinds, only `counter`'s is used.
#[derive(Default)]
struct Counters {
    shared_atomic: AtomicUsize,
    shared_mutex: Mutex<usize>,
    adjacent: OneLine,
    padded: Vec<Padded>,
}

impl Counters {
    fn new(threads: usize) -> Counters {
        assert!(
            threads <= 8,
            "one cache line holds the counters of 8 threads"
        );
        Counters {
            padded: (0..threads).map(|_| Padded::default()).collect(),
            ..Counters::default()
        }
    }

    /// One increment by thread `i`.
    fn increment(&self, counter: Counter, i: usize) {
        match counter {
            Counter::Atomic => _ = self.shared_atomic.fetch_add(1, Ordering::Relaxed),
            Counter::Mutex => *self.shared_mutex.lock().expect("poisoned") += 1,
            Counter::PerThreadAdjacent => _ = self.adjacent.0[i].fetch_add(1, Ordering::Relaxed),
            Counter::PerThreadPadded => _ = self.padded[i].0.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The count, once every thread has been joined.
    fn total(self, counter: Counter) -> usize {
        match counter {
            Counter::Atomic => self.shared_atomic.into_inner(),
            Counter::Mutex => self.shared_mutex.into_inner().expect("poisoned"),
            Counter::PerThreadAdjacent => self.adjacent.0.into_iter().map(|c| c.into_inner()).sum(),
            Counter::PerThreadPadded => self.padded.into_iter().map(|c| c.0.into_inner()).sum(),
        }
    }
}

/// One cell of the tables, measured: the median of [`REPEATS`] runs.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    /// Wall time ÷ increments, in nanoseconds.
    pub ns_per_increment: f64,
    /// CPU time ÷ wall time: how many cores the threads kept busy (toolkit's `cores_busy`).
    /// Threads asleep on a lock do not count; a core taken by another program lowers it.
    pub cores_busy: f64,
}

/// Measures every cell, row by row as in [`Counter::ALL`] and [`THREAD_COUNTS`]. The repeats go
/// round the whole table, so a burst of other work on the machine lands on one run of many
/// cells (which the medians then drop) rather than on every run of one cell. `Err` if a count
/// came out wrong (it never should).
pub fn measure(run: Duration) -> Result<Vec<Vec<Cell>>, String> {
    let cells = || {
        Counter::ALL
            .iter()
            .flat_map(|&c| THREAD_COUNTS.map(|t| (c, t)))
    };
    let mut samples: Vec<Vec<(f64, f64)>> = cells().map(|_| Vec::new()).collect();
    for _ in 0..REPEATS {
        for ((counter, threads), runs) in cells().zip(&mut samples) {
            let ((took, count, tallied), cores) =
                toolkit::measure::cores_busy(|| run_once(counter, threads, run));
            if count != tallied {
                return Err(format!(
                    "{}: {threads} threads made {tallied} increments, the counter says {count}",
                    counter.name()
                ));
            }
            let ns = took.as_nanos() as f64 / count.max(1) as f64;
            runs.push((ns, cores.unwrap_or(f64::NAN)));
        }
    }
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let cells: Vec<Cell> = samples
        .into_iter()
        .map(|runs| Cell {
            ns_per_increment: median(runs.iter().map(|r| r.0).collect()),
            cores_busy: median(runs.iter().map(|r| r.1).collect()),
        })
        .collect();
    Ok(cells
        .chunks(THREAD_COUNTS.len())
        .map(<[Cell]>::to_vec)
        .collect())
}

/// One run: the wall time from the barrier to the last thread's end, the final count, and the
/// increments the threads tallied for themselves.
fn run_once(counter: Counter, threads: usize, run: Duration) -> (Duration, usize, usize) {
    let counters = Counters::new(threads);
    let stop = AtomicBool::new(false);
    // Every thread and this one wait here, so spawning is not timed.
    let start = Barrier::new(threads + 1);
    let mut started = Instant::now();
    let tallied: usize = thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|i| {
                let (counters, stop, start) = (&counters, &stop, &start);
                s.spawn(move || {
                    start.wait();
                    let mut mine = 0;
                    while !stop.load(Ordering::Relaxed) {
                        for _ in 0..BATCH {
                            counters.increment(counter, i);
                        }
                        mine += BATCH;
                    }
                    mine
                })
            })
            .collect();
        start.wait();
        started = Instant::now();
        thread::sleep(run);
        stop.store(true, Ordering::Relaxed);
        workers
            .into_iter()
            .map(|w| w.join().expect("a counting thread panicked"))
            .sum()
    });
    (started.elapsed(), counters.total(counter), tallied)
}

/// Measures every cell and prints the two tables. `Err` if a count came out wrong.
pub fn print_table(run: Duration) -> Result<(), String> {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let build = match cfg!(debug_assertions) {
        true => {
            "a DEBUG build: for real figures run `cargo run --release -p race_demo -- --contention`"
        }
        false => "a release build",
    };
    println!("Increments under contention ({cores} cores available, {build}).");
    println!(
        "Each cell: the threads increment for {} ms; median of {REPEATS} runs, taken round the table.",
        run.as_millis()
    );
    // Other programs' threads take cores from these, so the figures mean little on a busy machine.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let one_minute = load.split_whitespace().next().unwrap_or("?");
        println!("Load average when the measurement began: {one_minute} (for {cores} cores).");
    }
    let table = measure(run)?;
    print_rows(
        "Nanoseconds per increment (wall time / increments; lower is better)",
        &table,
        |cell| format!("{:.1}", cell.ns_per_increment),
    );
    print_rows(
        "Cores kept busy (CPU time / wall time; threads asleep on a lock do not count)",
        &table,
        |cell| format!("{:.2}", cell.cores_busy),
    );
    println!();
    println!("Every count was checked against the threads' own tallies: none lost an increment.");
    println!(
        "With more threads than cores ({cores}), the threads also take turns on the cores; a \
         core taken by another program shows as fewer cores kept busy."
    );
    Ok(())
}

/// One table: a header row of thread counts, then a row per counter.
fn print_rows(title: &str, table: &[Vec<Cell>], show: impl Fn(&Cell) -> String) {
    println!("\n{title}");
    print!("{:<38}", "counter");
    for threads in THREAD_COUNTS {
        let plural = if threads == 1 { "" } else { "s" };
        print!("{:>11}", format!("{threads} thread{plural}"));
    }
    println!();
    for (counter, row) in Counter::ALL.iter().zip(table) {
        print!("{:<38}", counter.name());
        for cell in row {
            print!("{:>11}", show(cell));
        }
        println!();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_counter_counts_exactly() {
        for counter in Counter::ALL {
            for threads in THREAD_COUNTS {
                let (_, count, tallied) = run_once(counter, threads, Duration::from_millis(2));
                assert_eq!(count, tallied, "{}", counter.name());
                assert!(count >= threads * BATCH, "{}: {count}", counter.name());
            }
        }
    }
}
