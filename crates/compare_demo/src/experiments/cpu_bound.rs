//! cpu_bound: count the primes below a limit, split into pieces (at least one per core).
//!
//! CPU work only gets faster with **parallelism**: several cores at once. Rust threads have
//! it (no GIL); processes have it; rayon's pool has it (the same pieces, with `par_iter`
//! instead of hand-made threads); one async thread does not; and threads that must hold a
//! (simulated) GIL take turns, so they run no faster than one thread — the tutorial's claim
//! about Python.

use super::process::{self, Answer};
use super::runtime::runtime;
use super::{Outcome, no_such_model, timed};
use crate::names::{Experiment, Model};
use crate::sizes::Sizes;
use rayon::prelude::*;
use std::ops::Range;
use toolkit::Timeline;
use toolkit::cpu::{count_primes, split};
use toolkit::gil::Gil;

/// The worker role of one counting process: [`primes_worker`].
pub const ROLE: &str = "primes";

/// Runs `model` on the primes below `sizes.cpu_limit`, in `sizes.cpu_pieces` pieces.
pub fn run(model: Model, sizes: &Sizes) -> Result<Outcome, String> {
    let pieces = split(0..sizes.cpu_limit, sizes.cpu_pieces);
    let n = pieces.len();
    match model {
        Model::Sequential => timed(|| {
            let total = pieces.iter().cloned().map(count_primes).sum();
            Ok((n, 0.0, Some(total)))
        }),
        Model::Threads => timed(|| {
            let total = std::thread::scope(|s| {
                let handles: Vec<_> = pieces
                    .iter()
                    .map(|p| s.spawn(move || count_primes(p.clone())))
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
            });
            Ok((n, 0.0, Some(total)))
        }),
        // The same pieces as `threads`, one line instead of spawn-and-join: rayon's global
        // pool (one thread per core) takes them, and a thread that runs out steals from
        // another. The pool is started by the row's first run and kept by the later
        // repeats, as in a program that uses it more than once.
        Model::Rayon => timed(|| {
            let total = pieces.par_iter().cloned().map(count_primes).sum();
            Ok((n, 0.0, Some(total)))
        }),
        Model::GilThreads => timed(|| {
            let gil = Gil::new();
            let total = std::thread::scope(|s| {
                let handles: Vec<_> = pieces
                    .iter()
                    .map(|p| {
                        let gil = &gil;
                        s.spawn(move || count_with_gil(gil, p.clone(), sizes.gil_slice))
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
            });
            Ok((n, 0.0, Some(total)))
        }),
        Model::Processes => timed(|| {
            // The helpers' task spans are recorded here; this demo prints a table, not a
            // timeline, so nothing draws them.
            let timeline = Timeline::new();
            let workers = pieces
                .iter()
                .enumerate()
                .map(|(i, p)| process::start(ROLE, &format!("Task-{i}"), p, &timeline))
                .collect::<Result<Vec<_>, _>>()?;
            let (mut total, mut peaks) = (0, 0.0);
            for w in workers {
                let answer = process::finish(w)?;
                total += answer.value;
                peaks += answer.peak_rss_mb;
            }
            Ok((n, peaks, Some(total)))
        }),
        // One thread runs every task: the CPU work never pauses, so the tasks run one by one.
        // With several worker threads, `spawn_blocking` hands each piece to tokio's blocking
        // pool, which is how async code runs CPU work without stalling its event loop.
        Model::Async | Model::AsyncMulti => {
            let rt = runtime(model, sizes.cores)?;
            rt.block_on(async {
                let start = std::time::Instant::now();
                let mut tasks = Vec::new();
                for p in pieces.iter().cloned() {
                    tasks.push(match model {
                        Model::Async => tokio::spawn(async move { count_primes(p) }),
                        _ => tokio::task::spawn_blocking(move || count_primes(p)),
                    });
                }
                let mut total = 0;
                for t in tasks {
                    total += t.await.map_err(|e| e.to_string())?;
                }
                Ok(Outcome {
                    wall: start.elapsed(),
                    units: n,
                    children_peak_mb: 0.0,
                    answer: Some(total),
                })
            })
        }
        other => Err(no_such_model(Experiment::CpuBound, other)),
    }
}

/// Counts primes `slice` numbers at a time, holding the GIL for each slice and letting go
/// between slices — CPython's switch interval.
fn count_with_gil(gil: &Gil, range: Range<u64>, slice: u64) -> u64 {
    let mut total = 0;
    let mut at = range.start;
    while at < range.end {
        let end = (at + slice.max(1)).min(range.end);
        total += gil.hold(|| count_primes(at..end));
        at = end;
    }
    total
}

/// What a counting process runs: the primes in one piece of the range.
pub fn primes_worker(piece: Range<u64>) -> Result<Answer, String> {
    Ok(Answer::with_peak(count_primes(piece)))
}
