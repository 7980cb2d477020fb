//! cpu_bound: count the primes below a limit, split into pieces (at least one per core).
//!
//! CPU work only gets faster with **parallelism**: several cores at once. Rust threads have
//! it (no GIL); processes have it; one async thread does not; and threads that must hold a
//! (simulated) GIL take turns, so they run no faster than one thread — the tutorial's claim
//! about Python.

use super::{Outcome, finish_process, no_such_model, runtime, start_process, timed};
use crate::sizes::Sizes;
use std::ops::Range;
use toolkit::cpu::{count_primes, split};
use toolkit::gil::Gil;

/// The worker role of one counting process: counts the primes in `input` (`"start..end"`).
pub const ROLE: &str = "primes";

/// Runs `model` on the primes below `sizes.cpu_limit`, in `sizes.cpu_pieces` pieces.
pub fn run(model: &str, sizes: &Sizes) -> Result<Outcome, String> {
    let pieces = split(0..sizes.cpu_limit, sizes.cpu_pieces);
    let n = pieces.len();
    match model {
        "sequential" => timed(|| {
            let total = pieces.iter().cloned().map(count_primes).sum();
            Ok((n, 0.0, Some(total)))
        }),
        "threads" => timed(|| {
            let total = std::thread::scope(|s| {
                let handles: Vec<_> = pieces
                    .iter()
                    .map(|p| s.spawn(move || count_primes(p.clone())))
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
            });
            Ok((n, 0.0, Some(total)))
        }),
        "gil_threads" => timed(|| {
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
        "processes" => timed(|| {
            let workers = pieces
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    start_process(
                        ROLE,
                        &format!("Task-{i}"),
                        &format!("{}..{}", p.start, p.end),
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            let (mut total, mut peaks) = (0, 0.0);
            for w in workers {
                let (count, peak) = finish_process(w)?;
                total += count;
                peaks += peak;
            }
            Ok((n, peaks, Some(total)))
        }),
        // One thread runs every task: the CPU work never pauses, so the tasks run one by one.
        // With several worker threads, `spawn_blocking` hands each piece to tokio's blocking
        // pool, which is how async code runs CPU work without stalling its event loop.
        "async" | "async_multi" => {
            let rt = runtime(model, sizes.cores)?;
            rt.block_on(async {
                let start = std::time::Instant::now();
                let mut tasks = Vec::new();
                for p in pieces.iter().cloned() {
                    tasks.push(match model {
                        "async" => tokio::spawn(async move { count_primes(p) }),
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
        other => Err(no_such_model("cpu_bound", other)),
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

/// What a counting process runs.
pub fn primes_worker(input: &str) -> Result<String, String> {
    let (a, b) = input
        .split_once("..")
        .ok_or_else(|| format!("bad range {input:?}"))?;
    let parse = |t: &str| {
        t.parse::<u64>()
            .map_err(|e| format!("bad range {input:?}: {e}"))
    };
    Ok(super::answer_with_peak(count_primes(parse(a)?..parse(b)?)))
}
