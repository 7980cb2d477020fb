//! The command line. clap checks every flag; a bad one gets a message naming the flag, the
//! value and what is allowed, and exit code 2.

use clap::Parser;
use std::ops::RangeInclusive;
use std::path::PathBuf;

/// How many threads may share the counter: one cannot race, and more than 64 shows nothing new.
pub const THREADS: RangeInclusive<usize> = 2..=64;

/// Increments per thread: a million per thread already takes CPython a few seconds.
pub const INCREMENTS: RangeInclusive<usize> = 1..=1_000_000;

/// How long each `--contention` run lasts, in seconds.
pub const RUN_SECONDS: RangeInclusive<f64> = 0.01..=10.0;

/// One counter, many threads: Python loses updates; Rust's racy version does not compile,
/// and its atomic and Mutex versions lose nothing.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Args {
    /// How many threads increment the one counter.
    #[arg(long, value_name = "N", default_value = "4", value_parser = parse_threads)]
    pub threads: usize,

    /// How many times each thread increments it.
    #[arg(long, value_name = "N", default_value = "100000", value_parser = parse_increments)]
    pub increments: usize,

    /// The Python to run the Python half with (default: the first `python3` on PATH).
    #[arg(long, value_name = "PATH", value_parser = parse_python)]
    pub python: Option<PathBuf>,

    /// After the run, draw the Rust threads' timeline from their measured start and finish.
    #[arg(long)]
    pub timeline: bool,

    /// Also write that timeline as a Chrome trace-event file (open it in ui.perfetto.dev).
    /// Checked before anything runs; written at the end.
    #[arg(long, value_name = "FILE", value_parser = toolkit::outfile::writable_path)]
    pub trace: Option<PathBuf>,

    /// Measure instead: nanoseconds per increment of an `AtomicUsize`, a `Mutex<usize>` and
    /// per-thread counters with 1, 2, 4 and 8 threads (use a release build:
    /// `cargo run --release -p race_demo -- --contention`).
    #[arg(long, conflicts_with_all = ["threads", "increments", "python", "timeline", "trace"])]
    pub contention: bool,

    /// With `--contention`: how long each run lasts (5 runs per cell, 16 cells: 20 s in all
    /// by default).
    #[arg(long, value_name = "S", default_value = "0.25", requires = "contention",
          value_parser = parse_run_seconds)]
    pub seconds: f64,
}

fn parse_in(text: &str, range: &RangeInclusive<usize>) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(format!(
            "must be a whole number from {} to {}",
            range.start(),
            range.end()
        )),
    }
}

fn parse_threads(text: &str) -> Result<usize, String> {
    parse_in(text, &THREADS)
}

fn parse_increments(text: &str) -> Result<usize, String> {
    parse_in(text, &INCREMENTS)
}

fn parse_run_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if RUN_SECONDS.contains(&s) => Ok(s),
        _ => Err(format!(
            "must be a number of seconds from {} to {}, such as 0.25",
            RUN_SECONDS.start(),
            RUN_SECONDS.end()
        )),
    }
}

/// A path, or a bare name looked up on PATH, of a program that exists. Whether it is a Python
/// is known only once it runs (see `python::run`).
fn parse_python(text: &str) -> Result<PathBuf, String> {
    crate::python::find_program(text.as_ref()).ok_or_else(|| {
        "no such program (give the path of a python3, or a name on PATH such as python3.14t)"
            .to_owned()
    })
}
