//! # Exercise 4.2 — a simulated GIL: CPU work takes turns, I/O still overlaps
//!
//! The tutorial says Python threads are "❌ not for CPU work — the GIL allows only one thread
//! to execute Python bytecode at a time", yet "✅ great for network requests, file I/O".
//! Both are true at once, and this exercise shows why: CPython's Global Interpreter Lock
//! must be held to *compute*, and is let go while a thread *waits*.
//!
//! `toolkit::gil::Gil` puts such a lock back into Rust, on purpose:
//! - `gil.cpu(n)` spins `n` iterations holding the GIL, handing it over every few
//!   microseconds as CPython's switch interval does;
//! - `gil.io(|| wait)` runs a blocking wait **without** the GIL;
//! - `gil.hold(|| work)` runs `work` with the GIL held the whole time.
//!
//! Your task: write [`run_jobs`], deciding for each step what holds the lock.

use std::time::Duration;
use toolkit::Timeline;
use toolkit::gil::Gil;

/// One request for a "Python" thread: download a page, then parse it.
#[derive(Debug, Clone)]
pub struct Job {
    /// The page's name, e.g. `"A"`.
    pub name: String,
    /// How long the download waits: I/O, like `time.sleep(2)` in the tutorial.
    pub download: Duration,
    /// How much CPU work parsing takes, in `toolkit::cpu::spin` iterations.
    pub parse: u64,
}

/// Runs every job at the same time, each on its own thread, the way CPython runs threads:
/// computing only with the GIL held, waiting without it. Returns each job's parse result,
/// in input order.
///
/// On its thread, each job
/// 1. downloads with `toolkit::io::download_blocking(&job.name, job.download)`, recorded on
///    `timeline` as a span called `"{name} download"`;
/// 2. parses: `job.parse` iterations of CPU work under the GIL, recorded as a span called
///    `"{name} parse"`. Its answer (equal to `toolkit::cpu::spin(job.parse)`) is the
///    job's result.
///
/// Which of `gil.cpu`, `gil.io` and `gil.hold` belongs to which step?
pub fn run_jobs(jobs: &[Job], gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| s.spawn(move || run_one(job, gil, timeline)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// One thread's work, as CPython would do it.
fn run_one(job: &Job, gil: &Gil, timeline: &Timeline) -> u64 {
    // Waiting: the GIL is let go, so other threads compute (or wait) meanwhile.
    timeline.record(format!("{} download", job.name), || {
        gil.io(|| toolkit::io::download_blocking(&job.name, job.download))
    });
    // Computing: only with the GIL held. gil.cpu hands it over between slices, so two
    // parsing threads take turns instead of running side by side.
    timeline.record(format!("{} parse", job.name), || gil.cpu(job.parse))
}
