//! Argument checks shared by every demo, so each flag is validated the same way everywhere.
//!
//! They plug into clap as value parsers: `#[arg(long, value_parser = toolkit::cli::seconds)]`.
//! clap then prints `error: invalid value '0' for '--seconds <S>': must be a positive number
//! of seconds, such as 2 or 0.5` and exits with code 2 — never a panic.

/// A duration in seconds: a finite number greater than zero.
pub fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 => Ok(s),
        _ => Err("must be a positive number of seconds, such as 2 or 0.5".into()),
    }
}

/// A count: a whole number from 1 up.
pub fn count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("must be a whole number of at least 1, such as 3".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_positive_values_and_rejects_the_rest() {
        assert_eq!(seconds("0.5"), Ok(0.5));
        assert_eq!(count("3"), Ok(3));
        for bad in ["0", "-1", "abc", "inf", "NaN", ""] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
        for bad in ["0", "-1", "1.5", "x"] {
            assert!(count(bad).is_err(), "{bad}");
        }
    }
}
