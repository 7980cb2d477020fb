//! The helper processes of the `processes` model: one per unit, each this program started
//! again in a worker role, answering with a typed [`Answer`].

use serde::{Deserialize, Serialize};
use toolkit::Timeline;
use toolkit::measure;
use toolkit::worker::{Worker, WorkerCommand};

/// What every helper process sends home.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Answer {
    /// The unit's result (the primes counted; 0 when the unit has none).
    pub value: u64,
    /// The helper's own peak memory, in MiB: a row that starts processes reports its own
    /// peak plus theirs, since each process holds memory of its own.
    pub peak_rss_mb: f64,
}

impl Answer {
    /// `value`, with this process's peak memory so far.
    pub fn with_peak(value: u64) -> Self {
        Self {
            value,
            peak_rss_mb: measure::peak_rss_mb().unwrap_or(0.0),
        }
    }
}

/// Starts a helper process in `role`, named `task`, handed `input`. Its task span lands on
/// `timeline` when it is [`finish`]ed.
pub fn start(
    role: &str,
    task: &str,
    input: &impl Serialize,
    timeline: &Timeline,
) -> Result<Worker, String> {
    WorkerCommand::new(role)
        .task(task)
        .input(input)
        .relay(false)
        .spawn(timeline)
        .map_err(|e| format!("could not start a process for {task}: {e}"))
}

/// Waits for a helper process and reads its [`Answer`].
pub fn finish(worker: Worker) -> Result<Answer, String> {
    worker
        .wait()
        .and_then(|report| report.output::<Answer>())
        .map_err(|e| e.to_string())
}
