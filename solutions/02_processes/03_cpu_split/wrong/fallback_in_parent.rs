//! Mistake: a worker that fails is "recovered" by counting its piece in the parent
//! What it hoped to slip past (review round 7): totals are right and all workers are started first; only the new every-worker-fails test sees Ok
use std::error::Error;
use std::ops::Range;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

pub const ROLE: &str = "count";

pub fn count(piece: Range<u64>) -> Result<u64, String> {
    Ok(toolkit::cpu::count_primes(piece))
}

pub fn count_primes_parallel(
    limit: u64,
    processes: usize,
    timeline: &Timeline,
) -> Result<u64, Box<dyn Error>> {
    let pieces = toolkit::cpu::split(0..limit, processes);
    let mut workers = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let worker = WorkerCommand::new(ROLE)
            .task(&format!("Part-{i}"))
            .input(piece)
            .spawn(timeline)?;
        workers.push((worker, piece.clone()));
    }
    let mut total = 0;
    for (worker, piece) in workers {
        match worker.wait().and_then(|report| report.output::<u64>()) {
            Ok(n) => total += n,
            Err(_) => total += count(piece)?,
        }
    }
    Ok(total)
}

pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
