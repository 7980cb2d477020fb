//! The command line. clap checks every flag; a bad one gets a message naming the flag, the
//! value and what is allowed, and exit code 2.

use clap::Parser;
use std::time::Duration;

/// The longest latency accepted: a minute already feels like a dead server.
pub const MAX_LATENCY: Duration = Duration::from_secs(60);

/// The fastest bandwidth limit accepted, in bytes per second (1 GB/s: loopback's order).
pub const MAX_BANDWIDTH: u64 = 1_000_000_000;

/// Lesson 5's file server on 127.0.0.1: deterministic files, a chosen latency, until Ctrl-C.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Args {
    /// How long the server waits before each response: `2s`, `150ms`, `0.5` (seconds).
    #[arg(long, value_name = "DURATION", default_value = "0s", value_parser = parse_latency,
          allow_negative_numbers = true)]
    pub latency: Duration,

    /// Size in bytes of /files/NAME when the URL gives no ?size=.
    #[arg(long, value_name = "BYTES", default_value_t = toolkit::net::DEFAULT_FILE_SIZE,
          value_parser = parse_size, allow_negative_numbers = true)]
    pub size: usize,

    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, value_name = "PORT", default_value_t = 0, value_parser = parse_port,
          allow_negative_numbers = true)]
    pub port: u16,

    /// Limit every response body to this many bytes per second.
    #[arg(long, value_name = "BYTES_PER_SEC", value_parser = parse_bandwidth,
          allow_negative_numbers = true)]
    pub bandwidth: Option<u64>,

    /// Pages of the link graph served under /pages/N (0: none).
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = parse_pages,
          allow_negative_numbers = true)]
    pub pages: usize,
}

/// `--latency`: a duration with a unit (`ms`, `s`) or plain seconds, from 0 to [`MAX_LATENCY`].
pub fn parse_latency(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (number, scale) = if let Some(ms) = t.strip_suffix("ms") {
        (ms, 1e-3)
    } else if let Some(s) = t.strip_suffix('s') {
        (s, 1.0)
    } else {
        (t, 1.0)
    };
    let allowed = || {
        format!(
            "must be a duration from 0 to {} s, such as 2s, 150ms or 0.5",
            MAX_LATENCY.as_secs()
        )
    };
    match number.trim().parse::<f64>() {
        Ok(n) if n >= 0.0 && n * scale <= MAX_LATENCY.as_secs_f64() => {
            Ok(Duration::from_secs_f64(n * scale))
        }
        _ => Err(allowed()),
    }
}

/// `--size`: whole bytes, from 0 to the server's maximum.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let max = toolkit::net::MAX_FILE_SIZE;
    match text.trim().parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!(
            "must be a whole number of bytes from 0 to {max} (64 MiB)"
        )),
    }
}

/// `--port`: 0 (any free port) or 1 to 65535.
pub fn parse_port(text: &str) -> Result<u16, String> {
    text.trim()
        .parse::<u16>()
        .map_err(|_| "must be a port number from 0 (any free port) to 65535".to_owned())
}

/// `--bandwidth`: bytes per second, from 1 to [`MAX_BANDWIDTH`].
pub fn parse_bandwidth(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if (1..=MAX_BANDWIDTH).contains(&n) => Ok(n),
        _ => Err(format!(
            "must be a whole number of bytes per second from 1 to {MAX_BANDWIDTH}"
        )),
    }
}

/// `--pages`: from 0 to 10,000 (each page is built on request; the graph is kept in memory).
pub fn parse_pages(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n <= 10_000 => Ok(n),
        _ => Err("must be a whole number of pages from 0 to 10000".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latencies_take_units_and_stay_in_range() {
        assert_eq!(parse_latency("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_latency("150ms"), Ok(Duration::from_millis(150)));
        assert_eq!(parse_latency("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_latency("0"), Ok(Duration::ZERO));
        for bad in ["-1s", "61s", "soon", "", "1e300", "NaN", "inf", "2h"] {
            assert!(parse_latency(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn other_flags_stay_in_range() {
        assert!(parse_size("0").is_ok() && parse_size("67108865").is_err());
        assert!(parse_port("65535").is_ok() && parse_port("65536").is_err());
        assert!(parse_bandwidth("1").is_ok() && parse_bandwidth("0").is_err());
        assert!(parse_pages("10000").is_ok() && parse_pages("10001").is_err());
    }
}
