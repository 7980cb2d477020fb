//! The command line. clap checks every flag; a bad one gets a message and exit code 2.

use clap::Parser;

/// Shared or separate memory, and the price of talking across processes, measured.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Args {
    /// How many messages to send in the IPC measurement (at most 10000000).
    #[arg(long, value_name = "N", default_value = "100000", value_parser = message_count,
          allow_negative_numbers = true)]
    pub messages: usize,
}

/// The most messages the IPC measurement sends: a few seconds over a pipe in a debug
/// build, enough for a stable per-message cost. (`u64::MAX` messages ran forever.)
pub const MAX_MESSAGES: usize = 10_000_000;

/// `--messages`: a count (checked by the toolkit) of at most [`MAX_MESSAGES`].
fn message_count(text: &str) -> Result<usize, String> {
    match toolkit::cli::parse_count(text)? {
        n if n <= MAX_MESSAGES => Ok(n),
        _ => Err(format!(
            "must be from 1 to {MAX_MESSAGES}: more only takes longer, the cost per message stays"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_bounded() {
        assert_eq!(message_count("100000"), Ok(100_000));
        assert_eq!(message_count("10000000"), Ok(MAX_MESSAGES));
        for bad in ["0", "10000001", "18446744073709551615", "-1", "x"] {
            assert!(message_count(bad).is_err(), "{bad}");
        }
    }
}
