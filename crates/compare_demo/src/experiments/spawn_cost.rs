//! spawn_cost: what it costs to start one unit of concurrency and wait for it to finish.
//!
//! The unit does nothing, so all that is measured is the overhead: a plain function call
//! (`sequential`), an OS thread, a whole process (this program, started again), or a tokio
//! task. The tutorial calls these overheads "low", "high" and "very low".

use super::{Outcome, finish_process, no_such_model, runtime, start_process, timed};
use crate::sizes::Sizes;
use std::hint::black_box;

/// The worker role of a process that does nothing.
pub const ROLE: &str = "nothing";

/// Spawns and joins units one after another, as many as `sizes` says for `model`.
pub fn run(model: &str, sizes: &Sizes) -> Result<Outcome, String> {
    match model {
        "sequential" => {
            let n = sizes.spawn_tasks;
            timed(|| {
                for i in 0..n {
                    black_box(unit(black_box(i as u64)));
                }
                Ok((n, 0.0, None))
            })
        }
        "threads" => {
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
        "processes" => {
            let n = sizes.spawn_processes;
            timed(|| {
                let mut peak: f64 = 0.0;
                for i in 0..n {
                    let w = start_process(ROLE, &format!("Process-{i}"), "")?;
                    peak = peak.max(finish_process(w)?.1);
                }
                // One at a time: at most one extra process was alive at once.
                Ok((n, peak, None))
            })
        }
        "async" | "async_multi" => {
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
        other => Err(no_such_model("spawn_cost", other)),
    }
}

/// The work of one unit: next to nothing.
fn unit(i: u64) -> u64 {
    i.wrapping_mul(2_654_435_761)
}

/// What a do-nothing process runs.
pub fn nothing_worker(_: &str) -> Result<String, String> {
    Ok(super::answer_with_peak(0))
}
