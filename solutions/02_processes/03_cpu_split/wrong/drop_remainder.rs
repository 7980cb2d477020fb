//! I cut the numbers myself: each of the `processes` workers gets limit / processes numbers,
//! piece i from i * size to (i + 1) * size.
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
    let size = limit / processes as u64;
    let mut workers = Vec::new();
    for i in 0..processes as u64 {
        let piece = i * size..(i + 1) * size;
        workers.push(
            WorkerCommand::new(ROLE)
                .task(&format!("Part-{i}"))
                .input(&piece)
                .spawn(timeline)?,
        );
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
