//! The one-line verdict of each measured row: what its figures say about its model, in the
//! tutorial's terms.

use crate::names::{Experiment, Model};
use crate::report::Row;
use crate::sizes::Sizes;
use crate::table::{fmt_us, thousands};

/// The verdict of `row`, a measured row; `rows` are all the rows, for comparisons.
pub fn verdict(row: &Row, rows: &[Row], sizes: &Sizes) -> String {
    use Model::*;
    if let Some(e) = &row.error {
        return format!("WRONG: {e}");
    }
    let s = row.speedup.unwrap_or(0.0);
    let cores = sizes.cores;
    let per = fmt_us(row.per_unit_us.unwrap_or(0.0));
    let mem = row
        .peak_rss_mb
        .map(|m| format!("{m:.1} MB"))
        .unwrap_or("n/a".into());
    let of_ideal = match (row.wall_s, row.ideal_s) {
        (Some(w), Some(i)) if i > 0.0 => format!("{:.3}× the ideal", w / i),
        _ => String::new(),
    };
    let n = row.units;
    match (row.experiment, row.model) {
        (Experiment::IoBound, Sequential | PySequential) => {
            format!("the baseline: {n} waits one after another")
        }
        (Experiment::IoBound, GilThreads) => format!(
            "{s:.2}x, {of_ideal}: a GIL is released while a thread waits, so Python threads suit I/O"
        ),
        (Experiment::IoBound, Processes | PyProcesses) => format!(
            "{s:.2}x, {of_ideal}, but {mem} in all: processes work for waiting, yet are overkill"
        ),
        (Experiment::IoBound, m) => format!("{s:.2}x, {of_ideal}: the {n} waits overlap ({m})"),
        (Experiment::CpuBound, Sequential | PySequential) => {
            format!("the baseline: {n} pieces on one core")
        }
        (Experiment::CpuBound, m) if row.is_parallel() => {
            let who = match m {
                Threads => "Rust threads run in parallel (no GIL)",
                Rayon => "rayon's pool, a thread per core, shares out the pieces (par_iter)",
                AsyncMulti => "a pool of threads does the CPU work beside the event loop",
                PyThreads => "free-threaded Python has no GIL, so its threads compute in parallel",
                PyInterpreters => {
                    "one GIL per interpreter, so the interpreters compute in parallel"
                }
                _ => "true parallelism, as the tutorial says",
            };
            let used = row.cores_used.unwrap_or(0.0);
            let want = cores.min(sizes.cpu_pieces) as f64;
            if s >= 0.75 * want {
                format!("{} {s:.2}x on {cores} cores: {who}", label(m))
            } else if used < 0.8 * want {
                format!(
                    "{} {s:.2}x on {cores} cores, short of the ideal because the run got only \
                     {used:.2} cores' worth of CPU: other programs were using the cores",
                    label(m)
                )
            } else {
                format!(
                    "{} {s:.2}x on {cores} cores, short of the ideal: starting the pieces cost \
                     more than running them in parallel saved",
                    label(m)
                )
            }
        }
        (Experiment::CpuBound, m) => {
            let why = match m {
                GilThreads => {
                    "under a simulated GIL threads take turns, as the tutorial says of Python"
                }
                PyThreads => "Python's real GIL lets one thread compute at a time",
                _ => "async on one thread: CPU work never pauses, so the tasks take turns",
            };
            if s <= 1.25 {
                format!("{s:.2}x: {why}")
            } else {
                format!("{s:.2}x, more than one core's worth, which this model should not reach")
            }
        }
        (Experiment::SpawnCost, Sequential) => format!("a plain function call: {per}"),
        (Experiment::SpawnCost, m) => {
            let thread = rows
                .iter()
                .find(|r| r.experiment == Experiment::SpawnCost && r.model == Threads)
                .and_then(|r| r.per_unit_us);
            let ratio = match (row.per_unit_us, thread) {
                (Some(p), Some(t)) if t > 0.0 && m != Threads => {
                    format!(" ({} a Rust thread)", ratio(p / t))
                }
                _ => String::new(),
            };
            format!("{per} to spawn and join one {}{ratio}", unit_name(m))
        }
        (Experiment::Net, m) => {
            let rps = match row.wall_s {
                Some(w) if w > 0.0 => thousands((n as f64 / w).round() as usize),
                _ => "n/a".into(),
            };
            let seen = row.server_max_in_flight.map_or("n/a".into(), thousands);
            format!(
                "{} requests, {rps} req/s, {of_ideal}, the server saw {seen} at once; client \
                 {mem} at peak ({})",
                thousands(n),
                net_client(m)
            )
        }
        (Experiment::ScaleAsync | Experiment::ScaleThreads, m) => {
            let per_kib = match (row.peak_rss_mb, row.base_rss_mb) {
                (Some(p), Some(b)) if n > 0 => {
                    format!("{:.1} KiB", (p - b).max(0.0) * 1024.0 / n as f64)
                }
                _ => "n/a".into(),
            };
            format!(
                "{} {}s sleeping at once, {of_ideal}, {mem} at peak: about {per_kib} each",
                thousands(n),
                unit_name(m)
            )
        }
    }
}

/// How a parallel model is named in a verdict.
fn label(model: Model) -> &'static str {
    match model {
        Model::Threads => "threads",
        Model::Rayon => "rayon",
        Model::AsyncMulti => "spawn_blocking",
        Model::PyProcesses => "Python processes",
        Model::PyThreads => "Python threads",
        Model::PyInterpreters => "Python interpreters",
        _ => "processes",
    }
}

/// How each model's client is described in a `net` verdict.
fn net_client(model: Model) -> &'static str {
    match model {
        Model::Threads => "a thread per request, blocking ureq",
        Model::ThreadPool => "a bounded pool of threads, blocking ureq",
        Model::Async => "a task per request on one thread, minimal GET",
        Model::AsyncMulti => "a task per request, tokio multi-thread, minimal GET",
        Model::PyThreads => "ThreadPoolExecutor, a thread per request, urllib.request",
        Model::PyAsyncio => "asyncio streams, one event loop",
        _ => "?",
    }
}

/// `0.19x`, `2.6x`, `98x`: as many digits as help.
fn ratio(x: f64) -> String {
    if x >= 10.0 {
        format!("{x:.0}x")
    } else if x >= 1.0 {
        format!("{x:.1}x")
    } else {
        format!("{x:.2}x")
    }
}

/// What one unit of a model is called.
fn unit_name(model: Model) -> &'static str {
    match model {
        Model::Threads | Model::GilThreads => "thread",
        Model::PyThreads => "Python thread",
        Model::Processes => "process",
        Model::PyProcesses => "Python process",
        Model::PyAsyncio => "asyncio task",
        _ => "async task",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_read_well() {
        assert_eq!(ratio(98.4), "98x");
        assert_eq!(ratio(2.63), "2.6x");
        assert_eq!(ratio(0.191), "0.19x");
    }
}
