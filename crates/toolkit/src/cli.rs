//! Argument checks shared by every demo, so each flag is validated the same way everywhere.
//!
//! They plug into clap as value parsers: `#[arg(long, value_parser = toolkit::cli::parse_seconds)]`.
//! clap then prints `error: invalid value '0' for '--seconds <S>': must be a positive number
//! of seconds, such as 2 or 0.5` and exits with code 2 — never a panic.

/// The longest duration a demo accepts: an hour is already far longer than any lesson needs,
/// and a cap keeps absurd values (`1e300`) from overflowing a `Duration`.
pub const MAX_SECONDS: f64 = 3600.0;

/// A duration in seconds: a number greater than zero and at most [`MAX_SECONDS`].
pub fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s > 0.0 && s <= MAX_SECONDS => Ok(s),
        _ => Err(format!(
            "must be a positive number of seconds up to {MAX_SECONDS}, such as 2 or 0.5"
        )),
    }
}

/// A count: a whole number from 1 up.
pub fn parse_count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("must be a whole number of at least 1, such as 3".into()),
    }
}

/// `--trace FILE`, at the end of a demo: writes `timeline` as a Chrome trace-event file and
/// says where to open it. The path was checked before the run (with
/// [`crate::outfile::writable_path`]); a write that fails even so (a full disk) is reported
/// like a bad `--trace`: a message, and exit code 2 for the demo to return.
pub fn write_trace(
    timeline: &crate::Timeline,
    path: &std::path::Path,
) -> Result<(), std::process::ExitCode> {
    match timeline.write_trace(path) {
        Ok(()) => {
            println!(
                "Wrote the trace to {} (open it in https://ui.perfetto.dev)",
                path.display()
            );
            Ok(())
        }
        Err(e) => {
            eprintln!("error: could not write --trace {}: {e}", path.display());
            Err(std::process::ExitCode::from(2))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_positive_values_and_rejects_the_rest() {
        assert_eq!(parse_seconds("0.5"), Ok(0.5));
        assert_eq!(parse_count("3"), Ok(3));
        for bad in ["0", "-1", "abc", "inf", "NaN", "", "1e300", "3601"] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
        for bad in ["0", "-1", "1.5", "x"] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
    }
}
