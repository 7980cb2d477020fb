//! The command line. clap checks every flag; a bad one gets a message and exit code 2.

use clap::Parser;
use std::path::PathBuf;

/// Three downloads on three threads: the tutorial's section 1, measured.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Args {
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

    /// Download over real HTTP from a loopback server this demo starts (toolkit::net).
    /// Needs the demo built with `--features http`.
    #[arg(long)]
    pub http: bool,

    /// Download over HTTP from this server instead (e.g. `file_server`'s URL); implies
    /// `--http`. Files are fetched from URL/files/NAME.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
}
