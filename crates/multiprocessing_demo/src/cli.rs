//! The command line. clap checks every flag; a bad one gets a message and exit code 2.

use clap::{CommandFactory, Parser, error::ErrorKind};
use std::path::PathBuf;

/// Tasks in separate child processes: the tutorial's section 2, measured.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Args {
    /// How many child processes to start (at most 64).
    #[arg(long, value_name = "N", default_value = "3", value_parser = process_count,
          allow_negative_numbers = true)]
    pub tasks: usize,

    /// How long each task takes, in seconds (COURSE_TIME_SCALE shrinks it).
    #[arg(long, value_name = "S", default_value = "2", value_parser = toolkit::cli::parse_seconds,
          allow_negative_numbers = true)]
    pub seconds: f64,

    /// After the run, draw the timeline from the measured start and finish times.
    #[arg(long)]
    pub timeline: bool,

    /// Also write the timeline as a Chrome trace-event file (open it in ui.perfetto.dev
    /// or chrome://tracing). Checked before anything runs; written all at once at the end.
    #[arg(long, value_name = "FILE", value_parser = toolkit::outfile::writable_path)]
    pub trace: Option<PathBuf>,

    /// For teaching: make child K (Task-K) fail, to see how the parent reports it.
    #[arg(long, value_name = "K", value_parser = task_number, allow_negative_numbers = true)]
    pub fail_task: Option<usize>,
}

/// The most child processes the demo starts: plenty to see them overlap, and far below
/// what would exhaust the machine's process table.
const MAX_TASKS: usize = 64;

/// `--tasks`: a count (checked by the toolkit) of at most [`MAX_TASKS`].
fn process_count(text: &str) -> Result<usize, String> {
    match toolkit::cli::parse_count(text)? {
        n if n <= MAX_TASKS => Ok(n),
        _ => Err(format!(
            "must be at most {MAX_TASKS}: each task is a whole process"
        )),
    }
}

/// A task number as typed: a whole number from 0 up (the range is checked in [`parse`]).
fn task_number(text: &str) -> Result<usize, String> {
    text.trim()
        .parse()
        .map_err(|_| "must be a task number such as 0 (for Task-0)".into())
}

/// Parses the command line and checks that `--fail-task` names one of the tasks.
pub fn parse() -> Args {
    let args = Args::parse();
    if let Some(k) = args.fail_task
        && k >= args.tasks
    {
        let message = format!(
            "invalid value '{k}' for '--fail-task <K>': must be from 0 to {} \
             (there are {} tasks, Task-0 to Task-{})",
            args.tasks - 1,
            args.tasks,
            args.tasks - 1
        );
        Args::command()
            .error(ErrorKind::ValueValidation, message)
            .exit();
    }
    args
}
