//! Measuring a run: how much memory did it take at its peak?
//!
//! Linux keeps two numbers for every process in `/proc/self/status`: `VmRSS`, the memory it
//! holds right now, and `VmHWM` (the "high-water mark"), the most it ever held. Reading a file
//! needs no `unsafe` and no extra crate.
//!
//! The high-water mark only ever grows, so to measure *one* experiment on its own, run it in a
//! fresh process (a [`worker`](crate::worker)) and let that process report its own peak.
//! Elsewhere than Linux these functions return `None`, and the demos print "n/a".
//!
//! [`cpu_time`] answers the other question a measurement needs: how much CPU did we get?
//! CPU time divided by wall time is the number of cores' worth of work actually done. When
//! parallel code shows no speed-up, this tells "the machine was busy" from "the code did not
//! run in parallel".

use std::time::{Duration, Instant};

/// The most memory this process has held so far (`VmHWM`), in MiB.
pub fn peak_rss_mb() -> Option<f64> {
    status_kib("VmHWM").map(kib_to_mib)
}

/// The memory this process holds right now (`VmRSS`), in MiB.
pub fn rss_mb() -> Option<f64> {
    status_kib("VmRSS").map(kib_to_mib)
}

/// CPU time used so far by this process (all its threads, user and system) plus that of the
/// children it has waited for. The process's own share comes from [`own_cpu_time`], to the
/// nanosecond; `/proc/self/stat` counts in ticks of 10 ms, which would make a run of a few
/// milliseconds look as if it used no CPU at all. The children's share can only come from
/// `/proc/self/stat`'s ticks.
pub fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let ticks = |fields| parse_ticks(&stat, fields).map(|t| t as f64 / TICKS_PER_SECOND);
    let own = match own_cpu_time() {
        Some(own) => own,
        None => Duration::from_secs_f64(ticks(14..=15)?),
    };
    Some(own + Duration::from_secs_f64(ticks(16..=17)?))
}

/// CPU time used so far by this process's own threads (children not included), to the
/// nanosecond: `clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`, asked through `rustix` so that no
/// `unsafe` is needed. `None` where the OS is not Unix.
pub fn own_cpu_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
        Some(Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// CPU time used so far by the calling thread, to the nanosecond
/// (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`). `None` where the OS is not Unix.
pub fn thread_cpu_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        Some(Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// About how many [`crate::cpu::spin`] iterations take `target` of **CPU time** on one core of
/// this machine. Unlike [`crate::cpu::calibrate`], which times the wall clock, this counts
/// only the time the thread really computed: a busy machine stretches wall time (the
/// thread waits for a core), not CPU time, so it cannot make the answer come out small.
pub fn spin_iterations_for(target: Duration) -> u64 {
    let Some(_) = thread_cpu_time() else {
        return crate::cpu::calibrate(target);
    };
    let mut n: u64 = 1 << 16;
    loop {
        let before = thread_cpu_time().unwrap_or_default();
        std::hint::black_box(crate::cpu::spin(n));
        let took = thread_cpu_time().unwrap_or_default().saturating_sub(before);
        if took >= Duration::from_millis(20) || n >= 1 << 40 {
            let per_iteration = took.as_secs_f64().max(1e-9) / n as f64;
            return ((target.as_secs_f64() / per_iteration) as u64).max(1);
        }
        n *= 4;
    }
}

/// Runs `work`; returns its result and how many cores it kept busy on average (own CPU time
/// ÷ wall time). One thread computing alone, or threads taking turns, keep at most 1 core
/// busy; two threads computing at the same instant keep up to 2 busy. Other programs on the
/// machine cannot push this number *up*, only take cores away — which is what makes it a
/// safe thing for a test to assert on. (Other threads of *this* process do count: run such
/// measurements one at a time.)
pub fn cores_busy<T>(work: impl FnOnce() -> T) -> (T, Option<f64>) {
    let (cpu, wall) = (own_cpu_time(), Instant::now());
    let out = work();
    let (wall, cpu) = (wall.elapsed(), own_cpu_time().zip(cpu).map(|(b, a)| b - a));
    (
        out,
        cpu.map(|c| c.as_secs_f64() / wall.as_secs_f64().max(1e-9)),
    )
}

/// How many cores two plain threads, each spinning `iterations`, get right now: the control
/// measurement against which a test judges "did this code run in parallel?".
pub fn two_thread_cores(iterations: u64) -> Option<f64> {
    cores_busy(|| {
        std::thread::scope(|s| {
            let a = s.spawn(move || crate::cpu::spin(iterations));
            let b = s.spawn(move || crate::cpu::spin(iterations));
            std::hint::black_box((a.join().ok(), b.join().ok()));
        })
    })
    .1
}

/// The unit of `/proc/*/stat` times (`USER_HZ`), which Linux fixes at 100 for user space.
const TICKS_PER_SECOND: f64 = 100.0;

/// Sums the numbered fields of a `/proc/*/stat` line (14 utime, 15 stime, 16 cutime, 17
/// cstime). The command name in field 2 may hold spaces, so count the fields after its
/// closing parenthesis.
fn parse_ticks(stat: &str, numbers: std::ops::RangeInclusive<usize>) -> Option<u64> {
    let after = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    // `after` starts at field 3 (the state), so field N is at index N - 3.
    numbers
        .map(|n| fields.get(n - 3)?.parse::<u64>().ok())
        .sum()
}

fn kib_to_mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Reads one `Name:   1234 kB` line of `/proc/self/status`.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_kib(&status, field)
}

fn parse_kib(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_status_line() {
        let status = "Name:\tx\nVmHWM:\t    2048 kB\nVmRSS:\t    1024 kB\n";
        assert_eq!(parse_kib(status, "VmHWM"), Some(2048));
        assert_eq!(parse_kib(status, "VmRSS"), Some(1024));
        assert_eq!(parse_kib(status, "VmSwap"), None);
    }

    #[test]
    fn parses_cpu_ticks_even_with_spaces_in_the_name() {
        let stat = "42 (my prog) S 1 2 3 4 5 6 7 8 9 10 150 50 7 3 20 0";
        assert_eq!(parse_ticks(stat, 14..=15), Some(150 + 50));
        assert_eq!(parse_ticks(stat, 16..=17), Some(7 + 3));
        assert_eq!(parse_ticks("garbage", 14..=17), None);
    }

    #[test]
    fn a_few_milliseconds_of_work_are_not_rounded_to_nothing() {
        let Some(before) = cpu_time() else {
            return; // not Linux
        };
        let start = thread_cpu_time().unwrap_or_default();
        while thread_cpu_time().unwrap_or_default() - start < Duration::from_millis(3) {
            std::hint::black_box(crate::cpu::spin(1_000));
        }
        let used = cpu_time().unwrap().saturating_sub(before);
        assert!(used >= Duration::from_millis(2), "used {used:?}");
    }

    #[test]
    fn cpu_time_grows_with_work() {
        let Some(before) = cpu_time() else {
            return; // not Linux
        };
        // Compute until this thread has used 60 ms of CPU (not of wall time: on a busy
        // machine 60 ms of wall time can hold far less computing).
        let start = thread_cpu_time().unwrap_or_default();
        while thread_cpu_time().unwrap_or_default() - start < Duration::from_millis(60) {
            crate::cpu::busy_for(Duration::from_millis(5));
        }
        let used = cpu_time().unwrap().saturating_sub(before);
        assert!(used >= Duration::from_millis(20), "used {used:?}");
    }

    #[test]
    fn busy_work_keeps_a_core_busy() {
        // Only that some work was seen: other unit tests in this process add CPU time, and
        // other programs on a busy machine take it away.
        let (done, cores) = cores_busy(|| crate::cpu::busy_for(Duration::from_millis(40)));
        assert!(done > 0);
        if let Some(cores) = cores {
            assert!(cores > 0.0, "busy work kept {cores:.2} cores busy");
        }
        assert!(two_thread_cores(1_000).is_none_or(|c| c > 0.0));
        assert!(spin_iterations_for(Duration::from_millis(5)) > 0);
        if let Some(t) = thread_cpu_time() {
            crate::cpu::busy_for(Duration::from_millis(10));
            assert!(thread_cpu_time().unwrap() > t);
        }
    }

    #[test]
    fn the_peak_grows_when_memory_is_touched() {
        // Other unit tests run in this process at the same time and allocate too, so only
        // compare in the directions they cannot spoil: the peak never goes down.
        let Some(before) = rss_mb() else {
            return; // not Linux: nothing to measure
        };
        // Touch 32 MiB so the pages are really held, not just reserved.
        let block = vec![1u8; 32 << 20];
        assert!(
            std::hint::black_box(&block)
                .iter()
                .step_by(4096)
                .all(|b| *b == 1)
        );
        let after = peak_rss_mb().unwrap();
        assert!(
            after >= before + 16.0,
            "rss {before:.1} → peak {after:.1} MiB"
        );
        // The high-water mark, read later, is at least any RSS read earlier.
        let now = rss_mb().unwrap();
        assert!(now <= peak_rss_mb().unwrap());
    }
}
