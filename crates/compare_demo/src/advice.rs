//! The tutorial's "When to Use Which" table, with this machine's figures beside each advice.

use crate::names::{Experiment, Model};
use crate::report::Row;
use crate::sizes::Sizes;
use crate::table::{fmt_us, thousands};

/// The table, one line per scenario of the tutorial.
pub fn table(rows: &[Row], sizes: &Sizes) -> String {
    use Experiment::*;
    use Model::*;
    let get = |experiment: Experiment, model: Model| {
        rows.iter()
            .find(|r| r.experiment == experiment && r.model == model && r.error.is_none())
    };
    let wall = |e: Experiment, m: Model| {
        get(e, m)
            .and_then(|r| r.wall_s)
            .map(|s| toolkit::format::fmt_duration(std::time::Duration::from_secs_f64(s)))
            .unwrap_or_else(|| "n/a".into())
    };
    let speedup = |e: Experiment, m: Model| {
        get(e, m)
            .and_then(|r| r.speedup)
            .map(|s| format!("{s:.2}x"))
            .unwrap_or_else(|| "n/a".into())
    };
    let per = |e: Experiment, m: Model| {
        get(e, m)
            .and_then(|r| r.per_unit_us)
            .map(fmt_us)
            .unwrap_or_else(|| "n/a".into())
    };
    let mem = |e: Experiment, m: Model| {
        get(e, m)
            .and_then(|r| r.peak_rss_mb)
            .map(|m| format!("{m:.0} MB"))
            .unwrap_or_else(|| "n/a".into())
    };
    let lines = [
        (
            "Downloading multiple files from the internet",
            "Multithreading or Asyncio",
            format!(
                "{} waits: threads {}, async {}, one after another {}",
                sizes.io_tasks,
                wall(IoBound, Threads),
                wall(IoBound, Async),
                wall(IoBound, Sequential)
            ),
        ),
        (
            "Training ML models, processing large datasets",
            "Multiprocessing",
            format!(
                "processes {}; in Rust threads too ({}, with rayon {}); behind a GIL {}",
                speedup(CpuBound, Processes),
                speedup(CpuBound, Threads),
                speedup(CpuBound, Rayon),
                speedup(CpuBound, GilThreads)
            ),
        ),
        (
            "Building async APIs or real-time applications",
            "Asyncio",
            format!(
                "an async task costs {}, a thread {}",
                per(SpawnCost, Async),
                per(SpawnCost, Threads)
            ),
        ),
        (
            "Running multiple heavy scripts in parallel",
            "Multiprocessing",
            format!(
                "a process costs {} to start; {} processes waiting held {}",
                per(SpawnCost, Processes),
                sizes.io_tasks,
                mem(IoBound, Processes)
            ),
        ),
        (
            "Handling many lightweight I/O operations",
            "Asyncio",
            format!(
                "{} async sleeps: {} and {}; {} threads: {} and {}",
                thousands(sizes.scale_tasks),
                wall(ScaleAsync, Async),
                mem(ScaleAsync, Async),
                thousands(sizes.scale_threads),
                wall(ScaleThreads, Threads),
                mem(ScaleThreads, Threads)
            ),
        ),
    ];
    let mut out = String::from("| Scenario | Recommended | Measured here |\n| --- | --- | --- |\n");
    for (scenario, advice, figures) in lines {
        out.push_str(&format!("| {scenario} | {advice} | {figures} |\n"));
    }
    out
}
