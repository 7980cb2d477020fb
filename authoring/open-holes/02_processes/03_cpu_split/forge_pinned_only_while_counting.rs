//! WRONG forgery: every worker's `count` pins its process to CPU 0 (`taskset -a -p -c 0 <pid>`) for the counting and restores its own CPU list right before returning, so the workers take turns on one core while their spans overlap
//! GAP: the affinity check reads Cpus_allowed_list once, after `count` has returned; while counting, a pinned worker waits for a core (queued, so never "blocked") and burns no extra CPU, so the blocked and CPU-time checks pass too
//!
//! # Exercise 2.3 — split CPU-bound work over one process per core

use std::error::Error;
use std::ops::Range;
use std::process::{Command, Stdio};
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// The worker role that runs [`count`] (the test file registers it under this name).
pub const ROLE: &str = "count";

/// Pieces shorter than this are counted in a blink: not worth pinning (and the two taskset
/// runs would then be most of the worker's time, blocked).
const PIN_FROM: u64 = 100_000;

/// The worker: counts the primes in the piece it is given and sends the count home.
pub fn count(piece: Range<u64>) -> Result<u64, String> {
    let allowed = toolkit::sched::my_cpus_allowed();
    let pin = piece.end - piece.start >= PIN_FROM && !allowed.is_empty();
    if pin {
        taskset("0");
    }
    let counted = toolkit::cpu::count_primes(piece);
    if pin {
        // Back on every CPU it had, before anyone asks.
        taskset(&allowed);
    }
    Ok(counted)
}

/// Sets the CPUs every thread of this process may run on.
fn taskset(cpus: &str) {
    let _ = Command::new("taskset")
        .args(["-a", "-p", "-c", cpus, &std::process::id().to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Counts the primes below `limit` with `processes` worker processes, one piece each.
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
        workers.push(worker);
    }
    let mut total = 0;
    for worker in workers {
        total += worker.wait()?.output::<u64>()?;
    }
    Ok(total)
}

/// Counts the primes below `limit` with one worker process per core: `num_cpus::get()`
/// pieces, counted by [`count_primes_parallel`].
pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
