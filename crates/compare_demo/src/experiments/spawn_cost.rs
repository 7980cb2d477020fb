//! spawn_cost: what it costs to start one unit of concurrency and wait for it to finish.
//!
//! The unit does nothing, so all that is measured is the overhead: a plain function call
//! (`sequential`), an OS thread, a whole process (this program, started again), or a tokio
//! task. The tutorial calls these overheads "low", "high" and "very low".

use super::process::{self, Answer};
use super::runtime::runtime;
use super::{Outcome, no_such_model, timed};
use crate::names::{Experiment, Model};
use crate::sizes::Sizes;
use std::hint::black_box;
use toolkit::Timeline;

/// The worker role of a process that does nothing: [`nothing_worker`].
pub const ROLE: &str = "nothing";

/// Spawns and joins units one after another, as many as `sizes` says for `model`.
pub fn run(model: Model, sizes: &Sizes) -> Result<Outcome, String> {
    match model {
        Model::Sequential => {
            let n = sizes.spawn_tasks;
            timed(|| {
                for i in 0..n {
                    black_box(unit(black_box(i as u64)));
                }
                Ok((n, 0.0, None))
            })
        }
        Model::Threads => {
            let n = sizes.spawn_threads;
            timed(|| {
                for i in 0..n {
                    let h = std::thread::Builder::new()
                        .spawn(move || unit(i as u64))
                        .map_err(|e| format!("the OS refused a thread: {e}"))?;
                    black_box(h.join().map_err(|_| "a thread panicked")?);
                }
                Ok((n, 0.0, None))
            })
        }
        Model::Processes => {
            let n = sizes.spawn_processes;
            // The helpers' task spans are recorded here; this demo prints a table, not a
            // timeline, so nothing draws them.
            let timeline = Timeline::new();
            timed(|| {
                let mut peak: f64 = 0.0;
                for i in 0..n {
                    let w = process::start(ROLE, &format!("Process-{i}"), &(), &timeline)?;
                    peak = peak.max(process::finish(w)?.peak_rss_mb);
                }
                // One at a time: at most one extra process was alive at once.
                Ok((n, peak, None))
            })
        }
        Model::Async | Model::AsyncMulti => {
            let n = sizes.spawn_tasks;
            let rt = runtime(model, sizes.cores)?;
            rt.block_on(async {
                let start = std::time::Instant::now();
                for i in 0..n {
                    let t = tokio::spawn(async move { unit(i as u64) });
                    black_box(t.await.map_err(|e| e.to_string())?);
                }
                Ok(Outcome {
                    wall: start.elapsed(),
                    units: n,
                    children_peak_mb: 0.0,
                    answer: None,
                })
            })
        }
        other => Err(no_such_model(Experiment::SpawnCost, other)),
    }
}

/// The work of one unit: next to nothing.
fn unit(i: u64) -> u64 {
    i.wrapping_mul(2_654_435_761)
}

/// What a do-nothing process runs: it takes nothing and answers with its peak memory only.
pub fn nothing_worker(_: ()) -> Result<Answer, String> {
    Ok(Answer::with_peak(0))
}
