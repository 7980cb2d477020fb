//! The tutorial's "When to Use Which" table, with this machine's figures beside each advice.

use crate::report::{Row, fmt_us};
use crate::sizes::Sizes;

/// The table, one line per scenario of the tutorial.
pub fn table(rows: &[Row], sizes: &Sizes) -> String {
    let get = |experiment: &str, model: &str| {
        rows.iter()
            .find(|r| r.experiment == experiment && r.model == model && r.error.is_none())
    };
    let wall = |e: &str, m: &str| {
        get(e, m)
            .and_then(|r| r.wall_s)
            .map(|s| toolkit::scale::fmt_duration(std::time::Duration::from_secs_f64(s)))
            .unwrap_or_else(|| "n/a".into())
    };
    let speedup = |e: &str, m: &str| {
        get(e, m)
            .and_then(|r| r.speedup)
            .map(|s| format!("{s:.2}x"))
            .unwrap_or_else(|| "n/a".into())
    };
    let per = |e: &str, m: &str| {
        get(e, m)
            .and_then(|r| r.per_unit_us)
            .map(fmt_us)
            .unwrap_or_else(|| "n/a".into())
    };
    let mem = |e: &str, m: &str| {
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
                wall("io_bound", "threads"),
                wall("io_bound", "async"),
                wall("io_bound", "sequential")
            ),
        ),
        (
            "Training ML models, processing large datasets",
            "Multiprocessing",
            format!(
                "processes {}; in Rust threads too ({}); behind a GIL {}",
                speedup("cpu_bound", "processes"),
                speedup("cpu_bound", "threads"),
                speedup("cpu_bound", "gil_threads")
            ),
        ),
        (
            "Building async APIs or real-time applications",
            "Asyncio",
            format!(
                "an async task costs {}, a thread {}",
                per("spawn_cost", "async"),
                per("spawn_cost", "threads")
            ),
        ),
        (
            "Running multiple heavy scripts in parallel",
            "Multiprocessing",
            format!(
                "a process costs {} to start; {} processes waiting held {}",
                per("spawn_cost", "processes"),
                sizes.io_tasks,
                mem("io_bound", "processes")
            ),
        ),
        (
            "Handling many lightweight I/O operations",
            "Asyncio",
            format!(
                "{} async sleeps: {} and {}; {} threads: {} and {}",
                crate::report::thousands(sizes.scale_tasks),
                wall("scale_async", "async"),
                mem("scale_async", "async"),
                crate::report::thousands(sizes.scale_threads),
                wall("scale_threads", "threads"),
                mem("scale_threads", "threads")
            ),
        ),
    ];
    let mut out = String::from("| Scenario | Recommended | Measured here |\n| --- | --- | --- |\n");
    for (scenario, advice, figures) in lines {
        out.push_str(&format!("| {scenario} | {advice} | {figures} |\n"));
    }
    out
}
