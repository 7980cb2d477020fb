//! Deterministic CPU-bound work with known answers.
//!
//! I/O waits; CPU work computes. Only CPU work shows the difference between concurrency
//! (taking turns) and parallelism (at the same time on several cores), so lessons about the
//! GIL and about processes use these functions.

use crate::Timeline;
use std::ops::Range;
use std::time::{Duration, Instant};

/// Known answers for [`count_primes`]: `(n, number of primes below n)`.
pub const PRIMES_BELOW: [(u64, u64); 4] = [
    (1_000, 168),
    (100_000, 9_592),
    (1_000_000, 78_498),
    (10_000_000, 664_579),
];

/// Is `n` prime? Trial division: deliberately simple, so the work is real and predictable.
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n < 4 {
        return true;
    }
    if n.is_multiple_of(2) {
        return false;
    }
    let mut d = 3;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}

/// How many primes lie in `range`. `count_primes(0..1_000_000)` is 78,498.
pub fn count_primes(range: Range<u64>) -> u64 {
    range.filter(|&n| is_prime(n)).count() as u64
}

/// Splits `range` into `parts` contiguous pieces of nearly equal length (none lost, none
/// repeated). With more parts than numbers, some pieces are empty.
pub fn split(range: Range<u64>, parts: usize) -> Vec<Range<u64>> {
    let parts = parts.max(1) as u64;
    let len = range.end.saturating_sub(range.start);
    (0..parts)
        .map(|i| range.start + len * i / parts..range.start + len * (i + 1) / parts)
        .collect()
}

/// Spins for `iterations` steps of a xorshift generator and returns the final state: the
/// same input always gives the same answer, and the compiler cannot skip the work.
pub fn spin(iterations: u64) -> u64 {
    spin_from(None, iterations)
}

/// [`spin`], recorded on `timeline` as a span of CPU work called `label`: evidence that a
/// test may trust, with how the thread spent the time (on a core, waiting for one, or
/// blocked — see [`crate::sched`]). Returns the same answer as `spin(iterations)`.
pub fn spin_recorded(timeline: &Timeline, label: impl Into<String>, iterations: u64) -> u64 {
    timeline.record_cpu(label, || spin(iterations))
}

/// Continues a [`spin`] from an earlier result (`None` starts afresh), so work can be done
/// in slices: `spin_from(Some(spin(a)), b) == spin(a + b)`.
pub fn spin_from(state: Option<u64>, iterations: u64) -> u64 {
    let mut x: u64 = state.unwrap_or(0x9E37_79B9_7F4A_7C15);
    for _ in 0..iterations {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    std::hint::black_box(x)
}

/// About how many [`spin`] iterations take `target` on this machine, on one core.
/// Measured, not assumed, so tests of CPU work stay short on slow and fast machines alike.
/// On a busy machine one measurement can come out slow, so the answer is checked and
/// re-scaled up to three times until running it takes at least 60% of `target`.
pub fn calibrate(target: Duration) -> u64 {
    let mut n = first_estimate(target);
    for _ in 0..3 {
        let t = Instant::now();
        spin(n);
        let took = t.elapsed();
        if took >= target.mul_f64(0.6) {
            break;
        }
        n = ((n as f64 * target.as_secs_f64() / took.as_secs_f64().max(1e-6)) as u64).max(1);
    }
    n
}

/// One quick measurement: time growing batches until one lasts 20 ms, then extrapolate.
fn first_estimate(target: Duration) -> u64 {
    let mut n: u64 = 1 << 16;
    loop {
        let t = Instant::now();
        spin(n);
        let took = t.elapsed();
        if took >= Duration::from_millis(20) || n >= 1 << 40 {
            let per_iter = took.as_secs_f64() / n as f64;
            return ((target.as_secs_f64() / per_iter) as u64).max(1);
        }
        n *= 4;
    }
}

/// Keeps this core busy for `d` of wall time and returns how many iterations it did.
pub fn busy_for(d: Duration) -> u64 {
    let start = Instant::now();
    let mut done = 0;
    while start.elapsed() < d {
        spin(1_000);
        done += 1_000;
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prime_counts_match_the_known_answers() {
        for (n, expected) in PRIMES_BELOW.into_iter().take(3) {
            assert_eq!(count_primes(0..n), expected, "primes below {n}");
        }
    }

    #[test]
    fn split_covers_the_range_exactly() {
        let pieces = split(0..10, 3);
        assert_eq!(pieces, vec![0..3, 3..6, 6..10]);
        let total: u64 = split(0..100_000, 7).into_iter().map(count_primes).sum();
        assert_eq!(total, 9_592);
        assert_eq!(split(0..2, 4).iter().filter(|r| r.is_empty()).count(), 2);
    }

    #[test]
    fn spin_is_deterministic_and_calibration_is_positive() {
        assert_eq!(spin(1000), spin(1000));
        assert_ne!(spin(1000), spin(1001));
        assert!(calibrate(Duration::from_millis(1)) > 0);
        assert!(busy_for(Duration::from_millis(5)) > 0);
    }

    #[test]
    fn recorded_spin_is_cpu_evidence() {
        let timeline = Timeline::new();
        assert_eq!(spin_recorded(&timeline, "Piece-0", 1000), spin(1000));
        let q = timeline.query();
        assert_eq!(q.start_order(), ["Piece-0"]);
        assert_eq!(q.spans()[0].source(), crate::timeline::Source::Cpu);
    }
}
