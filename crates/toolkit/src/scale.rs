//! One knob for every simulated duration.
//!
//! The tutorial's downloads take 2 seconds. That is right for a demo you watch, and far too
//! slow for a test suite. Set `COURSE_TIME_SCALE=0.05` and every duration that goes through
//! [`scaled`] becomes 5% as long, so `cargo run -p threading_demo` finishes in 0.1 s.

use std::time::Duration;

/// The environment variable that holds the scale factor (a positive number; 1 = real time).
pub const SCALE_VAR: &str = "COURSE_TIME_SCALE";

/// The largest scale factor honoured; larger values count as this much.
pub const MAX_FACTOR: f64 = 100.0;

/// The current scale factor, read from [`SCALE_VAR`]. Missing, unparsable or non-positive
/// values count as 1.0, so a typo can never make a demo hang or skip its waits; values above
/// [`MAX_FACTOR`] are capped so no duration can overflow.
pub fn factor() -> f64 {
    std::env::var(SCALE_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|f| f.is_finite() && *f > 0.0)
        .map_or(1.0, |f| f.min(MAX_FACTOR))
}

/// `d` multiplied by the current scale factor.
pub fn scaled(d: Duration) -> Duration {
    d.mul_f64(factor())
}

/// `seconds` as a [`Duration`], multiplied by the current scale factor.
pub fn scaled_secs(seconds: f64) -> Duration {
    scaled(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_defaults_to_one_without_the_variable() {
        // The test runner does not set the variable; CI must not either.
        if std::env::var_os(SCALE_VAR).is_none() {
            assert_eq!(factor(), 1.0);
            assert_eq!(scaled_secs(2.0), Duration::from_secs(2));
        }
    }
}
