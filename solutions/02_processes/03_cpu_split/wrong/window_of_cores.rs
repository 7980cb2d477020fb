//! More processes than cores only makes them fight over the CPU, so I keep at most one
//! worker per core running: when the oldest one finishes I start the next piece, like a
//! pool of num_cpus::get() processes.
use std::collections::VecDeque;
use std::error::Error;
use std::ops::Range;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// The worker role that runs [`count`].
pub const ROLE: &str = "count";

/// The worker: counts the primes in its piece.
pub fn count(piece: Range<u64>) -> Result<u64, String> {
    Ok(toolkit::cpu::count_primes(piece))
}

/// Counts the primes below `limit` in `processes` pieces, one core's worth of workers at once.
pub fn count_primes_parallel(
    limit: u64,
    processes: usize,
    timeline: &Timeline,
) -> Result<u64, Box<dyn Error>> {
    let cores = num_cpus::get();
    let mut running = VecDeque::new();
    let mut total = 0;
    for (i, piece) in toolkit::cpu::split(0..limit, processes).iter().enumerate() {
        if running.len() == cores {
            let oldest: toolkit::worker::Worker = running.pop_front().expect("a running worker");
            total += oldest.wait()?.output::<u64>()?;
        }
        running.push_back(
            WorkerCommand::new(ROLE)
                .task(&format!("Part-{i}"))
                .input(piece)
                .spawn(timeline)?,
        );
    }
    for worker in running {
        total += worker.wait()?.output::<u64>()?;
    }
    Ok(total)
}

/// One worker per core.
pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
