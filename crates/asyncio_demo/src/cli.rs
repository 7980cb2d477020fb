//! The command line. clap checks every flag; a bad one gets a message and exit code 2.

use clap::Parser;

/// Downloads gathered on one thread by an event loop: the tutorial's section 3, measured.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Args {
    /// How many downloads to gather.
    #[arg(long, value_name = "N", default_value = "3", value_parser = toolkit::cli::parse_count,
          allow_negative_numbers = true)]
    pub tasks: usize,

    /// How long each download takes, in seconds (COURSE_TIME_SCALE shrinks it).
    #[arg(long, value_name = "S", default_value = "2", value_parser = toolkit::cli::parse_seconds,
          allow_negative_numbers = true)]
    pub seconds: f64,

    /// After the run, draw the timeline from the measured start and finish times.
    #[arg(long)]
    pub timeline: bool,
}
