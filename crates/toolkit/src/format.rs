//! How the course prints a duration: the same everywhere, demos, pictures and test messages.

use std::time::Duration;

/// Formats a duration the way every demo prints it: `2.00 s`, or `150.0 ms` below a second.
pub fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 0.001 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_each_range() {
        assert_eq!(fmt_duration(Duration::from_secs(2)), "2.00 s");
        assert_eq!(fmt_duration(Duration::from_millis(150)), "150.0 ms");
        assert_eq!(fmt_duration(Duration::from_micros(3)), "3.0 µs");
    }
}
