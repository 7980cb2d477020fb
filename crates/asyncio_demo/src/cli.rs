//! The command line. clap checks every flag; a bad one gets a message and exit code 2.

use clap::Parser;
use std::path::PathBuf;

/// Downloads gathered on one thread by an event loop: the tutorial's section 3, measured.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Args {
    /// How many downloads to gather (at most 100000).
    #[arg(long, value_name = "N", default_value = "3", value_parser = task_count,
          allow_negative_numbers = true)]
    pub tasks: usize,

    /// How long each download takes, in seconds (COURSE_TIME_SCALE shrinks it). With
    /// `--http`, the server's wait before each response.
    #[arg(long, value_name = "S", default_value = "2", value_parser = toolkit::cli::parse_seconds,
          allow_negative_numbers = true)]
    pub seconds: f64,

    /// After the run, draw the timeline from the measured start and finish times.
    #[arg(long)]
    pub timeline: bool,

    /// Also write the timeline as a Chrome trace-event file (open it in ui.perfetto.dev
    /// or chrome://tracing). Checked before anything runs; written all at once at the end.
    /// With `--http`, the trace has the server's spans beside the downloads.
    #[arg(long, value_name = "FILE", value_parser = toolkit::outfile::writable_path)]
    pub trace: Option<PathBuf>,

    /// Show what happens to the other tasks when one fails (File-1, half-way): gather
    /// (`join_all`, they run on) against TaskGroup (a `JoinSet` aborted at the first error,
    /// they are cancelled). At least 2 tasks.
    #[arg(long, conflicts_with_all = ["http", "server", "trace"])]
    pub taskgroup: bool,

    /// Download over real HTTP from a loopback server this demo starts (toolkit::net), at
    /// most 1000 tasks.
    #[arg(long)]
    pub http: bool,

    /// Download over HTTP from this server instead (e.g. `file_server`'s URL); implies
    /// `--http`. Files are fetched from URL/files/File-N.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
}

/// The most downloads `--http` gathers: each is a real socket, and a process may only open
/// so many files (often 1024 by default).
pub const MAX_HTTP_TASKS: usize = 1000;

/// The most downloads the demo gathers: far more than the lesson needs to show that one
/// thread waits for all of them at once, and far below what fills the memory (each task
/// keeps its future, its output line and its timeline span; 100 million ran out of memory).
pub const MAX_TASKS: usize = 100_000;

/// `--tasks`: a count (checked by the toolkit) of at most [`MAX_TASKS`].
fn task_count(text: &str) -> Result<usize, String> {
    match toolkit::cli::parse_count(text)? {
        n if n <= MAX_TASKS => Ok(n),
        _ => Err(format!(
            "must be from 1 to {MAX_TASKS}: each task is kept in memory until the end"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_are_bounded() {
        assert_eq!(task_count("3"), Ok(3));
        assert_eq!(task_count("100000"), Ok(MAX_TASKS));
        for bad in [
            "0",
            "100001",
            "100000000",
            "18446744073709551616",
            "-1",
            "x",
        ] {
            assert!(task_count(bad).is_err(), "{bad}");
        }
    }
}
