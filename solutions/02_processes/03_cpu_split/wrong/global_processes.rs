//! I kept the workers in one `PROCESSES` list at module level, like the tutorial's
//! `processes = []`: each call pushes its workers there, then takes the list and adds up.
use std::error::Error;
use std::ops::Range;
use std::sync::Mutex;
use toolkit::Timeline;
use toolkit::worker::{Worker, WorkerCommand};

pub const ROLE: &str = "count";

pub fn count(piece: Range<u64>) -> Result<u64, String> {
    Ok(toolkit::cpu::count_primes(piece))
}

/// The tutorial's `processes = []`.
static PROCESSES: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

pub fn count_primes_parallel(
    limit: u64,
    processes: usize,
    timeline: &Timeline,
) -> Result<u64, Box<dyn Error>> {
    let pieces = toolkit::cpu::split(0..limit, processes);
    for (i, piece) in pieces.iter().enumerate() {
        let worker = WorkerCommand::new(ROLE)
            .task(&format!("Part-{i}"))
            .input(piece)
            .spawn(timeline)?;
        PROCESSES.lock().unwrap().push(worker);
    }
    let started = std::mem::take(&mut *PROCESSES.lock().unwrap());
    let mut total = 0;
    for worker in started {
        total += worker.wait()?.output::<u64>()?;
    }
    Ok(total)
}

pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
