//! The command line: `compare_demo [--quick] [--json FILE] [--with-python]`.

use clap::Parser;
use std::path::PathBuf;

/// The tutorial's Summary Table and "When to Use Which", measured on this machine:
/// io_bound, cpu_bound, spawn_cost, scale_async and scale_threads under sequential, threads,
/// processes, async, async_multi and threads behind a simulated GIL.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Args {
    /// Smaller sizes and shorter waits: every experiment still runs, in 30 s or less.
    #[arg(long)]
    pub quick: bool,

    /// Also write the results as JSON to FILE. Checked before anything runs; written all at
    /// once at the end.
    #[arg(long, value_name = "FILE", value_parser = toolkit::outfile::writable_path)]
    pub json: Option<PathBuf>,

    /// Also run the Python counterparts (crates/compare_demo/python/compare.py) with python3,
    /// and add their rows (py_sequential, py_threads, py_processes, py_asyncio).
    #[arg(long)]
    pub with_python: bool,

    /// For the course's own tests: shrink the unit counts further (every experiment and
    /// model still runs). The figures are then too small to mean much.
    #[arg(long, hide = true)]
    pub tiny: bool,
}
