//! Forgery: every worker is started at once and counts its piece, but `count` first pins its
//! process to CPU 0 (taskset), so the workers take turns on one core while their spans overlap
//! and none of them is ever blocked (waiting for a core is not blocking).
use std::error::Error;
use std::ops::Range;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

pub const ROLE: &str = "count";

pub fn count(piece: Range<u64>) -> Result<u64, String> {
    let _ = std::process::Command::new("taskset")
        .args(["-a", "-p", "-c", "0", &std::process::id().to_string()])
        .stdout(std::process::Stdio::null())
        .status();
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

pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
