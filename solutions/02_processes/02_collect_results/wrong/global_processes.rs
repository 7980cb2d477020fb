//! I kept the workers in one `PROCESSES` list at module level, like the tutorial's
//! `processes = []`: each call pushes its workers there, then takes the list and waits.
use std::io;
use std::sync::Mutex;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::{Worker, WorkerCommand, WorkerError};

pub const ROLE: &str = "square";
pub const WORK: Duration = Duration::from_millis(300);

pub fn square(n: u64) -> Result<u64, String> {
    std::thread::sleep(WORK);
    n.checked_mul(n)
        .ok_or_else(|| format!("{n} squared does not fit in a u64"))
}

/// The tutorial's `processes = []`.
static PROCESSES: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

pub fn square_all(
    numbers: &[u64],
    timeline: &Timeline,
) -> io::Result<Vec<Result<u64, WorkerError>>> {
    for (i, n) in numbers.iter().enumerate() {
        let worker = WorkerCommand::new(ROLE)
            .task(&format!("Task-{i}"))
            .input(n)
            .spawn(timeline)?;
        PROCESSES.lock().unwrap().push(worker);
    }
    let processes = std::mem::take(&mut *PROCESSES.lock().unwrap());
    let mut outcomes = Vec::new();
    for p in processes {
        outcomes.push(p.wait().and_then(|report| report.output::<u64>()));
    }
    Ok(outcomes)
}
