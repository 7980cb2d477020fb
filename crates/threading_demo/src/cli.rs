//! The command line. clap checks every flag; a bad one gets a message and exit code 2.

use clap::Parser;

/// Three downloads on three threads: the tutorial's section 1, measured.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Args {
    /// How long each download takes, in seconds (COURSE_TIME_SCALE shrinks it).
    #[arg(long, value_name = "S", default_value = "2", value_parser = toolkit::cli::parse_seconds,
          allow_negative_numbers = true)]
    pub seconds: f64,

    /// After the run, draw the timeline from the measured start and finish times.
    #[arg(long)]
    pub timeline: bool,
}
