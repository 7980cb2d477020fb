//! The command line: `timeline_demo [--seconds S] [--svg FILE] [--trace FILE]`.

use clap::Parser;
use std::path::PathBuf;

/// The tutorial's Scenario, measured: tasks A, B and C of S seconds each, run one after
/// another, on threads, in processes and as async tasks, then drawn as timelines.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Args {
    /// How long each task waits, in seconds (the tutorial's 2 s).
    #[arg(long, value_name = "S", default_value = "2", allow_negative_numbers = true,
          value_parser = toolkit::cli::parse_seconds)]
    pub seconds: f64,

    /// Also write the four timelines as an SVG Gantt chart to FILE (open it in a browser).
    /// Checked before anything runs; written all at once at the end.
    #[arg(long, value_name = "FILE", value_parser = toolkit::outfile::writable_path)]
    pub svg: Option<PathBuf>,

    /// Also write the four runs as a Chrome trace-event file, each model's processes named
    /// after it (open it in ui.perfetto.dev or chrome://tracing). Checked before anything
    /// runs; written all at once at the end.
    #[arg(long, value_name = "FILE", value_parser = toolkit::outfile::writable_path)]
    pub trace: Option<PathBuf>,
}
