//! One clock for every process on the machine.
//!
//! A span recorded in a child process must land on its parent's timeline at the right place,
//! whatever the learner's code passes between them. Linux's `CLOCK_MONOTONIC` counts from the
//! same instant (boot) in every process, so a time read in a child means the same thing in
//! the parent: no origin needs to be handed over, and none can be handed over wrongly.
//! (`std::time::Instant` reads the same clock, but hides the number.)

use std::time::Duration;

/// Time on the machine-wide monotonic clock: the same reading in every process.
#[cfg(unix)]
pub fn monotonic() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Time on a monotonic clock. Elsewhere than Unix it counts from this process's start, so
/// spans sent home by child processes cannot be lined up there.
#[cfg(not(unix))]
pub fn monotonic() -> Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_forward_with_real_time() {
        let a = monotonic();
        std::thread::sleep(Duration::from_millis(10));
        let b = monotonic();
        assert!(b - a >= Duration::from_millis(10), "{a:?} → {b:?}");
    }
}
