//! What the scheduler did with a thread: how long it ran on a core, and how long it waited
//! for one.
//!
//! A span of CPU work that lasted 300 ms could mean three different things: the thread
//! computed for 300 ms; it computed for 150 ms and waited 150 ms for a core because the
//! machine was busy; or it computed for 150 ms and sat blocked on a lock for 150 ms. Only
//! the last is the code's fault. Linux keeps, for every thread, its CPU time and its time
//! spent *runnable but waiting for a core* (`/proc/thread-self/schedstat`: the first two
//! fields, in nanoseconds), so
//!
//! ```text
//! blocked = wall time − CPU time − run-queue wait
//! ```
//!
//! whatever else the machine is doing. Tests use this to tell "took turns on a lock" from
//! "the machine was busy" — evidence that load cannot fake.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The CPUs a thread may run on, as Linux lists them (`0-3`, `0,2`), read from its `status`
/// file: `/proc/thread-self/status` for the calling thread, `/proc/self/task/<tid>/status`
/// for another. Empty where that cannot be read (not Linux). A thread inherits the list of
/// the thread that started it, so a test compares a worker's list with its own: a shorter one
/// means someone pinned it (taskset, sched_setaffinity), and pinned threads take turns on
/// fewer cores while looking "in progress at once".
pub fn cpus_allowed(status_file: &str) -> String {
    std::fs::read_to_string(status_file)
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("Cpus_allowed_list:"))
        .map_or_else(String::new, |cpus| cpus.trim().to_owned())
}

/// [`cpus_allowed`] of the calling thread.
pub fn my_cpus_allowed() -> String {
    cpus_allowed("/proc/thread-self/status")
}

/// How the scheduler spent one thread's time over some interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ThreadTimes {
    /// Time the thread ran on a core.
    pub cpu: Duration,
    /// Time the thread was ready to run but waited for a free core.
    pub queued: Duration,
}

impl ThreadTimes {
    /// The calling thread's totals so far; `None` where Linux's schedstat is not available.
    pub fn now() -> Option<ThreadTimes> {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        parse(&text)
    }

    /// What happened between two readings of the same thread (`self` is the later one).
    pub fn since(&self, earlier: &ThreadTimes) -> ThreadTimes {
        ThreadTimes {
            cpu: self.cpu.saturating_sub(earlier.cpu),
            queued: self.queued.saturating_sub(earlier.queued),
        }
    }

    /// Of a span that lasted `wall`, the time the thread was neither running nor waiting
    /// for a core: blocked (on a lock, a sleep, a pipe…).
    pub fn blocked(&self, wall: Duration) -> Duration {
        wall.saturating_sub(self.cpu + self.queued)
    }
}

/// Reads `"<cpu ns> <run-queue ns> <timeslices>"`.
fn parse(text: &str) -> Option<ThreadTimes> {
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    Some(ThreadTimes {
        cpu: Duration::from_nanos(fields.next()??),
        queued: Duration::from_nanos(fields.next()??),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calling_thread_may_run_on_some_cpu() {
        // On Linux the list is never empty for a running thread.
        if cfg!(target_os = "linux") {
            assert!(!my_cpus_allowed().is_empty());
        }
        assert_eq!(cpus_allowed("/no/such/file"), "");
    }

    #[test]
    fn parses_the_kernel_format() {
        let t = parse("1500000 250000 7\n").unwrap();
        assert_eq!(t.cpu, Duration::from_micros(1500));
        assert_eq!(t.queued, Duration::from_micros(250));
        assert_eq!(
            t.blocked(Duration::from_millis(3)),
            Duration::from_micros(1250)
        );
        assert!(parse("garbage").is_none());
    }

    #[test]
    fn a_sleeping_thread_is_blocked_and_a_spinning_one_is_not() {
        let Some(before) = ThreadTimes::now() else {
            return; // not Linux
        };
        let t = std::time::Instant::now();
        std::thread::sleep(Duration::from_millis(30));
        let slept = ThreadTimes::now().unwrap().since(&before);
        assert!(
            slept.blocked(t.elapsed()) >= Duration::from_millis(25),
            "{slept:?}"
        );

        let before = ThreadTimes::now().unwrap();
        let t = std::time::Instant::now();
        crate::cpu::busy_for(Duration::from_millis(30));
        let spun = ThreadTimes::now().unwrap().since(&before);
        // Spinning: every moment is either CPU or waiting for a core, never blocked.
        assert!(
            spun.blocked(t.elapsed()) < Duration::from_millis(10),
            "{spun:?}"
        );
    }
}
