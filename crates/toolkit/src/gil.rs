//! A simulated GIL (Global Interpreter Lock), to see Python's threads from the inside.
//!
//! CPython lets only the thread holding the GIL run Python code. A thread doing CPU work
//! keeps the lock and hands it over only every few milliseconds (the "switch interval");
//! a thread that blocks on I/O lets go of it for the whole wait. So CPU work on several
//! threads takes turns — no speed-up — while I/O waits still overlap.
//!
//! Rust has no GIL: its threads run CPU work in parallel. This type puts one back on
//! purpose, so the course can measure both worlds on the same machine.
//!
//! ```
//! use std::time::Duration;
//! use toolkit::gil::Gil;
//! let gil = Gil::new();
//! let answer = gil.cpu(1_000);             // CPU work: only with the GIL held
//! gil.io(|| std::thread::sleep(Duration::from_millis(1))); // I/O: the GIL is released
//! assert_eq!(answer, toolkit::cpu::spin(1_000));
//! ```

use crate::cpu;
use std::sync::{Arc, Mutex};

/// How many [`cpu::spin`] iterations run between two chances to hand the GIL over: the
/// simulated switch interval (a fraction of a millisecond on a typical machine).
pub const SLICE: u64 = 50_000;

/// A shared lock that CPU work must hold, like CPython's GIL. Clones share the same lock.
#[derive(Debug, Clone, Default)]
pub struct Gil {
    lock: Arc<Mutex<()>>,
}

impl Gil {
    /// A fresh, unheld GIL.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `work` while holding the GIL: no other thread runs GIL-bound work meanwhile.
    pub fn hold<T>(&self, work: impl FnOnce() -> T) -> T {
        let _held = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        work()
    }

    /// CPU work of `iterations` spin steps, done in slices; the GIL is held during each slice
    /// and released between them, as CPython's switch interval does. Returns the same
    /// answer as `cpu::spin(iterations)`.
    pub fn cpu(&self, iterations: u64) -> u64 {
        let mut left = iterations;
        let mut state = None;
        while left > 0 {
            let step = left.min(SLICE);
            state = Some(self.hold(|| cpu::spin_from(state, step)));
            left -= step;
        }
        state.unwrap_or_else(|| cpu::spin(0))
    }

    /// Blocking I/O: runs `wait` *without* the GIL, so other threads may run meanwhile.
    /// (The GIL is simply not taken; Python releases it around every blocking call.)
    pub fn io<T>(&self, wait: impl FnOnce() -> T) -> T {
        wait()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn sliced_cpu_work_gives_the_same_answer() {
        let gil = Gil::new();
        for n in [0, 1, SLICE - 1, SLICE, SLICE + 1, 3 * SLICE + 7] {
            assert_eq!(gil.cpu(n), cpu::spin(n), "n = {n}");
        }
    }

    #[test]
    fn io_waits_overlap_under_the_gil() {
        let gil = Gil::new();
        let start = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| gil.io(|| std::thread::sleep(Duration::from_millis(100))));
            }
        });
        assert!(
            start.elapsed() < Duration::from_millis(250),
            "I/O overlapped"
        );
    }
}
