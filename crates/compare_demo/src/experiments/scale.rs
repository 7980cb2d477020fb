//! scale_async and scale_threads: many units waiting at once.
//!
//! "Asyncio is perfect for handling thousands of simultaneous I/O tasks": a sleeping async
//! task is a small struct in memory, while a sleeping thread holds a stack and a kernel
//! thread. Both experiments sleep every unit at the same time; the floor is one sleep.

use super::runtime::spawn_all;
use super::{Outcome, no_such_model};
use crate::names::{Experiment, Model};
use crate::sizes::Sizes;
use std::time::{Duration, Instant};

/// The stack each of the many threads gets. Rust's default is 2 MiB of address space; a
/// sleeping thread needs far less, and a small stack lets 10,000 of them start.
pub const THREAD_STACK: usize = 64 * 1024;

/// `sizes.scale_tasks` async tasks, each sleeping `sizes.scale_wait_s`, all at once.
pub fn scale_async(model: Model, sizes: &Sizes) -> Result<Outcome, String> {
    if !matches!(model, Model::Async | Model::AsyncMulti) {
        return Err(no_such_model(Experiment::ScaleAsync, model));
    }
    let n = sizes.scale_tasks;
    let wait = Duration::from_secs_f64(sizes.scale_wait_s);
    spawn_all(model, sizes.cores, n, |_| tokio::time::sleep(wait))
}

/// `sizes.scale_threads` OS threads, each sleeping `sizes.scale_wait_s`, all at once. If the
/// OS refuses a thread (see `ulimit -u`), the ones started are joined and the row reports
/// the refusal instead of crashing.
pub fn scale_threads(model: Model, sizes: &Sizes) -> Result<Outcome, String> {
    if model != Model::Threads {
        return Err(no_such_model(Experiment::ScaleThreads, model));
    }
    let n = sizes.scale_threads;
    let wait = Duration::from_secs_f64(sizes.scale_wait_s);
    let start = Instant::now();
    let mut handles = Vec::with_capacity(n);
    let mut refused = None;
    for i in 0..n {
        let spawned = std::thread::Builder::new()
            .stack_size(THREAD_STACK)
            .spawn(move || std::thread::sleep(wait));
        match spawned {
            Ok(h) => handles.push(h),
            Err(e) => {
                refused = Some(format!(
                    "the OS refused thread {} of {n}: {e} (check `ulimit -u` and memory limits)",
                    i + 1
                ));
                break;
            }
        }
    }
    for h in handles {
        let _ = h.join();
    }
    match refused {
        Some(message) => Err(message),
        None => Ok(Outcome {
            wall: start.elapsed(),
            units: n,
            children_peak_mb: 0.0,
            answer: None,
        }),
    }
}
