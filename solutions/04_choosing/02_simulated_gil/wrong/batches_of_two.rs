//! # Exercise 4.2 — a simulated GIL: CPU work takes turns, I/O still overlaps
//!
//! The tutorial says Python threads are "❌ not for CPU work — the GIL allows only one thread
//! to execute Python bytecode at a time", yet "✅ great for network requests, file I/O".
//! Both are true at once, and this exercise shows why: CPython's Global Interpreter Lock
//! must be held to *compute*, and is let go while a thread *waits*.
//!
//! `toolkit::gil::Gil` puts such a lock back into Rust, on purpose:
//! - `gil.cpu_recorded(timeline, label, n)` spins `n` iterations holding the GIL, handing
//!   it over whenever another thread has waited 5 ms for it (CPython's switch interval), and
//!   records the work;
//! - `gil.io(|| wait)` runs a blocking wait **without** the GIL;
//! - `gil.hold(|| work)` runs `work` with the GIL held the whole time, whoever waits.
//!
//! The GIL keeps its own record of who held it and when, which the tests read.
//!
//! Your task: write [`run_jobs`], deciding for each step what holds the lock.

use toolkit::Timeline;
use toolkit::gil::Gil;
use toolkit::io::Downloader;

/// One request for a "Python" thread: download a page, then parse it.
#[derive(Debug, Clone)]
pub struct Job {
    /// The page's name, e.g. `"A"`.
    pub name: String,
    /// How much CPU work parsing takes, in `toolkit::cpu::spin` iterations.
    pub parse: u64,
}

/// Runs every job at the same time, each on its own thread, the way CPython runs threads:
/// computing only with the GIL held, waiting without it. Returns each job's parse result,
/// in input order.
///
/// On its thread, each job
/// 1. downloads its page: `downloads.download_blocking(&job.name)` (a wait; the downloader
///    records it);
/// 2. parses: `job.parse` iterations of CPU work under the GIL, recorded on `timeline` as
///    `"{name} parse"`: `gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)`.
///    Its answer (equal to `toolkit::cpu::spin(job.parse)`) is the job's result.
///
/// Which of `gil.io` and `gil.hold` belongs around the download?
pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    // Two threads at a time: "the GIL lets only one compute anyway, so two is plenty".
    let mut answers = Vec::with_capacity(jobs.len());
    for pair in jobs.chunks(2) {
        std::thread::scope(|s| {
            let handles: Vec<_> = pair
                .iter()
                .map(|job| s.spawn(move || run_one(job, downloads, gil, timeline)))
                .collect();
            for h in handles {
                answers.push(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            }
        });
    }
    answers
}

/// One thread's work, as CPython would do it.
fn run_one(job: &Job, downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> u64 {
    // Waiting: the GIL is let go, so other threads compute (or wait) meanwhile.
    gil.io(|| downloads.download_blocking(&job.name));
    // Computing: only with the GIL held. cpu_recorded hands it over every switch interval
    // when another thread wants it, so two parsing threads take turns instead of running
    // side by side.
    gil.cpu_recorded(timeline, format!("{} parse", job.name), job.parse)
}
