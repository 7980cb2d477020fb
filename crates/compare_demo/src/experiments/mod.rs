//! The experiments. Each row (one experiment under one model) runs in a **fresh worker
//! process**, so that the peak memory it reports (`VmHWM`) is its own and not left over from
//! an earlier row.
//!
//! | experiment | file | what one unit is |
//! |---|---|---|
//! | `io_bound` | [`io_bound`] | one wait (the tutorial's `time.sleep(2)`) |
//! | `cpu_bound` | [`cpu_bound`] | counting the primes in one piece of a range (also under `rayon`) |
//! | `spawn_cost` | [`spawn_cost`] | spawning and joining one thread, process or task |
//! | `scale_async` / `scale_threads` | [`scale`] | one of 100,000 sleeps / 10,000 threads |
//! | `net` | [`net`] | one HTTP GET to a loopback server that answers after 100 ms |
//!
//! Shared by them: [`process`] (the `processes` model's helper processes) and [`runtime`]
//! (the async models' tokio runtimes).

pub mod cpu_bound;
pub mod io_bound;
pub mod net;
pub mod process;
pub mod runtime;
pub mod scale;
pub mod spawn_cost;

use crate::names::{Experiment, Model};
use crate::sizes::Sizes;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use toolkit::measure;

/// The worker role that runs one row: [`row_worker`].
pub const ROW_ROLE: &str = "row";

/// What a row's worker is asked to run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Spec {
    /// Which experiment.
    pub experiment: Experiment,
    /// Under which (Rust) model.
    pub model: Model,
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
    /// Python rows: `sys._is_gil_enabled()` when the row finished (3.13 and newer); `None`
    /// for Rust rows and older Pythons.
    #[serde(default)]
    pub gil_enabled: Option<bool>,
}

impl Measured {
    /// A row that could not be measured, and why.
    pub fn failed(error: String) -> Self {
        Self {
            error: Some(error),
            ..Self::default()
        }
    }
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

/// The worker role [`ROW_ROLE`]: runs the [`Spec`] it is handed and answers with what it
/// [`Measured`]. A row that fails says so in [`Measured::error`], so it never fails itself.
pub fn row_worker(spec: Spec) -> Result<Measured, String> {
    Ok(run(&spec))
}

/// Runs one row in this process and measures it. Short CPU-heavy rows (`cpu_bound`,
/// `spawn_cost`) run `sizes.repeats` times and keep the fastest run: other programs on a
/// shared machine can only make a run slower, so the best run is the fairest figure.
pub fn run(spec: &Spec) -> Measured {
    let base_rss_mb = measure::rss_mb();
    let s = &spec.sizes;
    let model = spec.model;
    let repeats = match spec.experiment {
        Experiment::CpuBound | Experiment::SpawnCost => s.repeats.max(1),
        _ => 1,
    };
    let mut best: Option<(Outcome, Option<f64>)> = None;
    for _ in 0..repeats {
        let cpu_before = measure::cpu_time();
        let outcome = match spec.experiment {
            Experiment::IoBound => io_bound::run(model, s),
            Experiment::CpuBound => cpu_bound::run(model, s),
            Experiment::SpawnCost => spawn_cost::run(model, s),
            Experiment::ScaleAsync => scale::scale_async(model, s),
            Experiment::ScaleThreads => scale::scale_threads(model, s),
            Experiment::Net => net::run(model, s),
        };
        let cpu_s = measure::cpu_time()
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before).as_secs_f64());
        match outcome {
            Ok(o) if best.as_ref().is_none_or(|(b, _)| o.wall < b.wall) => best = Some((o, cpu_s)),
            Ok(_) => {}
            Err(e) => {
                return Measured {
                    base_rss_mb,
                    ..Measured::failed(e)
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
        gil_enabled: None,
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

/// The error for a model an experiment does not have.
pub fn no_such_model(experiment: Experiment, model: Model) -> String {
    format!("{experiment} has no `{model}` model")
}
