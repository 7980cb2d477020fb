//! io_bound: N waits of the same length — the tutorial's three downloads.
//!
//! A wait needs no CPU, so every concurrent model should take one wait's time, not N.
//! Even threads behind a GIL do: Python releases the GIL while a thread waits.

use super::process::{self, Answer};
use super::runtime::spawn_all;
use super::{Outcome, no_such_model, timed};
use crate::names::{Experiment, Model};
use crate::sizes::Sizes;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::gil::Gil;
use toolkit::io::{download, download_blocking};

/// The worker role of one waiting process: [`wait_worker`].
pub const ROLE: &str = "wait";

/// Runs `model` on `sizes.io_tasks` waits of `sizes.io_wait_s`.
pub fn run(model: Model, sizes: &Sizes) -> Result<Outcome, String> {
    let n = sizes.io_tasks;
    let wait = Duration::from_secs_f64(sizes.io_wait_s);
    let names: Vec<String> = (0..n).map(|i| format!("File-{i}")).collect();
    match model {
        Model::Sequential => timed(|| {
            for name in &names {
                download_blocking(name, wait);
            }
            Ok((n, 0.0, None))
        }),
        Model::Threads | Model::GilThreads => timed(|| {
            let gil = Gil::new();
            std::thread::scope(|s| {
                for name in &names {
                    let gil = &gil;
                    // gil.io releases the (simulated) GIL around the wait, as Python does.
                    s.spawn(move || match model {
                        Model::GilThreads => gil.io(|| download_blocking(name, wait)),
                        _ => download_blocking(name, wait),
                    });
                }
            });
            Ok((n, 0.0, None))
        }),
        Model::Processes => timed(|| {
            // The helpers' task spans are recorded here; this demo prints a table, not a
            // timeline, so nothing draws them.
            let timeline = Timeline::new();
            let workers = names
                .iter()
                .map(|name| process::start(ROLE, name, &wait, &timeline))
                .collect::<Result<Vec<_>, _>>()?;
            let mut peaks = 0.0;
            for w in workers {
                peaks += process::finish(w)?.peak_rss_mb;
            }
            Ok((n, peaks, None))
        }),
        Model::Async | Model::AsyncMulti => spawn_all(model, sizes.cores, n, |i| {
            let name = names[i].clone();
            async move { download(&name, wait).await }
        }),
        other => Err(no_such_model(Experiment::IoBound, other)),
    }
}

/// What a waiting process runs: one blocking wait of `wait`.
pub fn wait_worker(wait: Duration) -> Result<Answer, String> {
    download_blocking("wait", wait);
    Ok(Answer::with_peak(0))
}
