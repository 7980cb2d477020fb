//! The experiments. Each row (one experiment under one model) runs in a **fresh worker
//! process**, so that the peak memory it reports (`VmHWM`) is its own and not left over from
//! an earlier row.
//!
//! | experiment | file | what one unit is |
//! |---|---|---|
//! | `io_bound` | [`io_bound`] | one wait (the tutorial's `time.sleep(2)`) |
//! | `cpu_bound` | [`cpu_bound`] | counting the primes in one piece of a range |
//! | `spawn_cost` | [`spawn_cost`] | spawning and joining one thread, process or task |
//! | `scale_async` / `scale_threads` | [`scale`] | one of 100,000 sleeps / 10,000 threads |

pub mod cpu_bound;
pub mod io_bound;
pub mod scale;
pub mod spawn_cost;

use crate::sizes::Sizes;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use toolkit::measure;
use toolkit::worker::{Worker, WorkerCommand};

/// The experiments, in the order they run and are printed.
pub const EXPERIMENTS: [&str; 5] = [
    "io_bound",
    "cpu_bound",
    "spawn_cost",
    "scale_async",
    "scale_threads",
];

/// What a row's worker is asked to run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Spec {
    /// One of [`EXPERIMENTS`].
    pub experiment: String,
    /// `sequential`, `threads`, `processes`, `async`, `async_multi` or `gil_threads`.
    pub model: String,
    /// How big everything is.
    pub sizes: Sizes,
}

/// What a row's worker measured.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Measured {
    /// Wall-clock time of the experiment itself (not of starting the worker).
    pub wall_s: Option<f64>,
    /// How many units it ran.
    pub units: usize,
    /// This worker's peak memory, plus the peaks of the processes it started, in MiB.
    pub peak_rss_mb: Option<f64>,
    /// This worker's memory before the experiment began, in MiB.
    pub base_rss_mb: Option<f64>,
    /// CPU time this worker and its children used during the experiment, in seconds.
    pub cpu_s: Option<f64>,
    /// A checkable answer (the number of primes), when the experiment has one.
    pub answer: Option<u64>,
    /// Why the row could not be measured, if it could not.
    pub error: Option<String>,
}

/// What an experiment returns to [`run`].
pub struct Outcome {
    /// How long it took.
    pub wall: Duration,
    /// How many units it ran.
    pub units: usize,
    /// The summed peak memory of the extra processes it started (0 for none), in MiB.
    pub children_peak_mb: f64,
    /// Its checkable answer, if any.
    pub answer: Option<u64>,
}

/// Runs one row in this process and measures it. Short CPU-heavy rows (`cpu_bound`,
/// `spawn_cost`) run `sizes.repeats` times and keep the fastest run: other programs on a
/// shared machine can only make a run slower, so the best run is the fairest figure.
pub fn run(spec: &Spec) -> Measured {
    let base_rss_mb = measure::rss_mb();
    let s = &spec.sizes;
    let model = spec.model.as_str();
    let repeats = match spec.experiment.as_str() {
        "cpu_bound" | "spawn_cost" => s.repeats.max(1),
        _ => 1,
    };
    let mut best: Option<(Outcome, Option<f64>)> = None;
    for _ in 0..repeats {
        let cpu_before = measure::cpu_time();
        let outcome = match spec.experiment.as_str() {
            "io_bound" => io_bound::run(model, s),
            "cpu_bound" => cpu_bound::run(model, s),
            "spawn_cost" => spawn_cost::run(model, s),
            "scale_async" => scale::scale_async(model, s),
            "scale_threads" => scale::scale_threads(model, s),
            other => Err(format!("unknown experiment `{other}`")),
        };
        let cpu_s = measure::cpu_time()
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before).as_secs_f64());
        match outcome {
            Ok(o) if best.as_ref().is_none_or(|(b, _)| o.wall < b.wall) => best = Some((o, cpu_s)),
            Ok(_) => {}
            Err(e) => {
                return Measured {
                    error: Some(e),
                    base_rss_mb,
                    ..Measured::default()
                };
            }
        }
    }
    let Some((o, cpu_s)) = best else {
        return Measured::default();
    };
    Measured {
        wall_s: Some(o.wall.as_secs_f64()),
        units: o.units,
        peak_rss_mb: measure::peak_rss_mb().map(|mb| mb + o.children_peak_mb),
        base_rss_mb,
        cpu_s,
        answer: o.answer,
        error: None,
    }
}

/// Times `work`, which returns its unit count and extras.
pub fn timed(
    work: impl FnOnce() -> Result<(usize, f64, Option<u64>), String>,
) -> Result<Outcome, String> {
    let start = Instant::now();
    let (units, children_peak_mb, answer) = work()?;
    Ok(Outcome {
        wall: start.elapsed(),
        units,
        children_peak_mb,
        answer,
    })
}

/// The worker role `row`: runs the [`Spec`] given as JSON and answers with [`Measured`].
pub fn row_worker(input: &str) -> Result<String, String> {
    let spec: Spec = serde_json::from_str(input).map_err(|e| format!("bad row spec: {e}"))?;
    serde_json::to_string(&run(&spec)).map_err(|e| e.to_string())
}

/// Starts a helper process in `role` with `input` (a "process" model's unit).
pub fn start_process(role: &str, task: &str, input: &str) -> Result<Worker, String> {
    WorkerCommand::new(role)
        .task(task)
        .input(input)
        .relay(false)
        .spawn()
        .map_err(|e| format!("could not start a process for {task}: {e}"))
}

/// Waits for a helper process and splits its answer `"<value> <peak MiB>"`.
pub fn finish_process(worker: Worker) -> Result<(u64, f64), String> {
    let report = worker.wait().map_err(|e| e.to_string())?;
    let mut parts = report.output.split_whitespace();
    let value = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0);
    let peak = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
    Ok((value, peak))
}

/// Formats a helper's answer: the value and this process's peak memory.
pub fn answer_with_peak(value: u64) -> String {
    format!("{value} {:.3}", measure::peak_rss_mb().unwrap_or(0.0))
}

/// A tokio runtime for the async models: `async` is asyncio's one thread, one event loop;
/// `async_multi` is tokio's work-stealing pool, one worker thread per core.
pub fn runtime(model: &str, cores: usize) -> Result<tokio::runtime::Runtime, String> {
    let mut builder = match model {
        "async" => tokio::runtime::Builder::new_current_thread(),
        _ => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(cores.max(1));
            b
        }
    };
    builder
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the tokio runtime: {e}"))
}

/// The async counterpart of [`timed`]: on a fresh runtime for `model`, spawns `n` tasks
/// (`unit(i)` is task `i`), awaits them all and times the whole — `asyncio.gather` on tasks.
pub fn spawn_all<F>(
    model: &str,
    cores: usize,
    n: usize,
    unit: impl Fn(usize) -> F,
) -> Result<Outcome, String>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let rt = runtime(model, cores)?;
    rt.block_on(async {
        let start = Instant::now();
        // Spawn every task first, then await them: awaiting inside this loop would run
        // the units one by one.
        let tasks: Vec<_> = (0..n).map(|i| tokio::spawn(unit(i))).collect();
        for t in tasks {
            t.await.map_err(|e| e.to_string())?;
        }
        Ok(Outcome {
            wall: start.elapsed(),
            units: n,
            children_peak_mb: 0.0,
            answer: None,
        })
    })
}

/// The error for a model an experiment does not have.
pub fn no_such_model(experiment: &str, model: &str) -> String {
    format!("{experiment} has no `{model}` model")
}
