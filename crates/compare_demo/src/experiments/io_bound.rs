//! io_bound: N waits of the same length — the tutorial's three downloads.
//!
//! A wait needs no CPU, so every concurrent model should take one wait's time, not N.
//! Even threads behind a GIL do: Python releases the GIL while a thread waits.

use super::{Outcome, finish_process, no_such_model, spawn_all, start_process, timed};
use crate::sizes::Sizes;
use std::time::Duration;
use toolkit::gil::Gil;
use toolkit::io::{download, download_blocking};

/// The worker role of one waiting process: waits `input` seconds.
pub const ROLE: &str = "wait";

/// Runs `model` on `sizes.io_tasks` waits of `sizes.io_wait_s`.
pub fn run(model: &str, sizes: &Sizes) -> Result<Outcome, String> {
    let n = sizes.io_tasks;
    let wait = Duration::from_secs_f64(sizes.io_wait_s);
    let names: Vec<String> = (0..n).map(|i| format!("File-{i}")).collect();
    match model {
        "sequential" => timed(|| {
            for name in &names {
                download_blocking(name, wait);
            }
            Ok((n, 0.0, None))
        }),
        "threads" | "gil_threads" => timed(|| {
            let gil = Gil::new();
            std::thread::scope(|s| {
                for name in &names {
                    let gil = &gil;
                    // gil.io releases the (simulated) GIL around the wait, as Python does.
                    s.spawn(move || match model {
                        "gil_threads" => gil.io(|| download_blocking(name, wait)),
                        _ => download_blocking(name, wait),
                    });
                }
            });
            Ok((n, 0.0, None))
        }),
        "processes" => timed(|| {
            let workers = names
                .iter()
                .map(|name| start_process(ROLE, name, &sizes.io_wait_s.to_string()))
                .collect::<Result<Vec<_>, _>>()?;
            let mut peaks = 0.0;
            for w in workers {
                peaks += finish_process(w)?.1;
            }
            Ok((n, peaks, None))
        }),
        "async" | "async_multi" => spawn_all(model, sizes.cores, n, |i| {
            let name = names[i].clone();
            async move { download(&name, wait).await }
        }),
        other => Err(no_such_model("io_bound", other)),
    }
}

/// What a waiting process runs: one blocking wait.
pub fn wait_worker(input: &str) -> Result<String, String> {
    let seconds: f64 = input
        .parse()
        .map_err(|e| format!("bad wait {input:?}: {e}"))?;
    download_blocking("wait", Duration::from_secs_f64(seconds));
    Ok(super::answer_with_peak(0))
}
