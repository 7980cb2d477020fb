//! Turning measurements into rows: the ideal time, the speedup, the per-unit cost and the
//! answer check of each row, then its [`verdict`](crate::verdict). The rows are what the
//! JSON file holds.

use crate::experiments::Measured;
use crate::names::{Experiment, Model};
use crate::sizes::Sizes;
use crate::verdict::verdict;
use serde::Serialize;

/// One row of the table: one experiment under one model.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Which experiment (written by name: `io_bound`, `cpu_bound`, ...).
    pub experiment: Experiment,
    /// Under which model (written by name: `sequential`, `async_multi`, `py_threads`, ...).
    pub model: Model,
    /// The model as the table prints it: its name, and for Python threads that ran without
    /// a GIL `py_threads (free-threaded)`, so that nobody reads them as default CPython.
    pub label: String,
    /// Measured wall-clock time, in seconds.
    pub wall_s: Option<f64>,
    /// The physical floor for this row, in seconds: one wait for overlapping waits, the
    /// sequential time divided by the cores that can help for CPU work.
    pub ideal_s: Option<f64>,
    /// Sequential time divided by this row's time.
    pub speedup: Option<f64>,
    /// Peak resident memory of the run (its processes added up), in MiB.
    pub peak_rss_mb: Option<f64>,
    /// Cost per unit above the floor, in microseconds: `(wall - ideal) / units`.
    pub per_unit_us: Option<f64>,
    /// CPU time divided by wall time: how many cores' worth of work the row got. A parallel
    /// row well under the core count ran on a busy machine.
    pub cores_used: Option<f64>,
    /// How many units (waits, pieces, spawns, tasks, threads) the row ran.
    pub units: usize,
    /// The row's verdict, in one line.
    pub verdict: String,
    /// Why the row has no figures, if it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// net: the most requests the server had in flight at once during this row
    /// (`FileServer::stats().max_in_flight`); shown in the verdict.
    #[serde(skip)]
    pub server_max_in_flight: Option<usize>,
    /// Memory before the run began (MiB), to work out memory per unit.
    #[serde(skip)]
    pub base_rss_mb: Option<f64>,
    /// The number of primes counted, for cpu_bound: the same under every model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<u64>,
    /// Python rows on 3.13 and newer: whether the GIL was on while the row ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gil_enabled: Option<bool>,
}

impl Row {
    /// A row from what its worker measured (derived figures are filled in by [`finish`]).
    pub fn new(experiment: Experiment, model: Model, m: Measured) -> Self {
        // Only threads change with the GIL: every other Python model runs the same with it
        // or without it (processes and interpreters have a GIL each, or none).
        let label = match (model, m.gil_enabled) {
            (Model::PyThreads, Some(false)) => format!("{model} (free-threaded)"),
            _ => model.to_string(),
        };
        Self {
            experiment,
            model,
            label,
            wall_s: m.wall_s,
            ideal_s: None,
            speedup: None,
            peak_rss_mb: m.peak_rss_mb,
            per_unit_us: None,
            cores_used: m.cpu_s.zip(m.wall_s).map(|(c, w)| c / w.max(1e-12)),
            units: m.units,
            verdict: String::new(),
            error: m.error,
            server_max_in_flight: None,
            base_rss_mb: m.base_rss_mb,
            answer: m.answer,
            gil_enabled: m.gil_enabled,
        }
    }

    /// Whether this row ran CPU work on every core at once: its model does
    /// ([`Model::is_parallel`]), or it is Python threads that ran without a GIL.
    pub fn is_parallel(&self) -> bool {
        self.model.is_parallel()
            || (self.model == Model::PyThreads && self.gil_enabled == Some(false))
    }
}

/// Fills in ideal times, speedups, per-unit costs, answer checks and verdicts.
pub fn finish(rows: &mut [Row], sizes: &Sizes) {
    let snapshot = rows.to_vec();
    let find = |experiment: Experiment, model: Model| {
        snapshot
            .iter()
            .find(|r| r.experiment == experiment && r.model == model)
    };
    for row in rows.iter_mut() {
        let Some(wall) = row.wall_s else {
            row.verdict = format!("not measured: {}", row.error.as_deref().unwrap_or("?"));
            continue;
        };
        let baseline = row.model.baseline();
        let base_wall = find(row.experiment, baseline).and_then(|r| r.wall_s);
        row.ideal_s = match row.experiment {
            Experiment::IoBound if row.model == baseline => {
                Some(sizes.io_wait_s * sizes.io_tasks as f64)
            }
            Experiment::IoBound => Some(sizes.io_wait_s),
            Experiment::CpuBound if row.is_parallel() => {
                base_wall.map(|b| b / sizes.cores.min(sizes.cpu_pieces).max(1) as f64)
            }
            Experiment::CpuBound => base_wall,
            Experiment::ScaleAsync | Experiment::ScaleThreads => Some(sizes.scale_wait_s),
            Experiment::SpawnCost => None,
            // A pool keeps at most `net_pool` requests in flight: N / pool latencies, in
            // rounds; every other model can have all N in flight at once: one latency.
            Experiment::Net if row.model == Model::ThreadPool => {
                Some(row.units.div_ceil(sizes.net_pool.max(1)).max(1) as f64 * sizes.net_latency_s)
            }
            Experiment::Net => Some(sizes.net_latency_s),
        };
        if matches!(row.experiment, Experiment::IoBound | Experiment::CpuBound) {
            row.speedup = base_wall.map(|b| b / wall.max(1e-12));
        }
        if row.units > 0 {
            let over = (wall - row.ideal_s.unwrap_or(0.0)).max(0.0);
            row.per_unit_us = Some(over / row.units as f64 * 1e6);
        }
        // Every model must count the same primes as the sequential run (and the known
        // answer, when the limit is one of the known ones).
        if row.experiment == Experiment::CpuBound {
            let limit = if row.model.is_python() {
                sizes.py_cpu_limit
            } else {
                sizes.cpu_limit
            };
            let known = toolkit::cpu::PRIMES_BELOW
                .iter()
                .find(|(n, _)| *n == limit)
                .map(|(_, c)| *c);
            let expected = known.or(find(Experiment::CpuBound, baseline).and_then(|r| r.answer));
            if let (Some(got), Some(want)) = (row.answer, expected)
                && got != want
            {
                row.error = Some(format!(
                    "counted {got} primes below {limit}, expected {want}"
                ));
            }
        }
    }
    let done = rows.to_vec();
    for row in rows.iter_mut() {
        if row.wall_s.is_some() {
            row.verdict = verdict(row, &done, sizes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::table;

    fn measured(wall: f64, units: usize, answer: Option<u64>) -> Measured {
        Measured {
            wall_s: Some(wall),
            units,
            peak_rss_mb: Some(3.0),
            base_rss_mb: Some(2.0),
            cpu_s: Some(wall),
            answer,
            error: None,
            gil_enabled: None,
        }
    }

    #[test]
    fn speedups_ideals_and_verdicts_come_from_the_sequential_row() {
        let sizes = Sizes::new(true, true, 2);
        let cpu = Experiment::CpuBound;
        let mut rows = vec![
            Row::new(cpu, Model::Sequential, measured(2.0, 8, Some(9_592))),
            Row::new(cpu, Model::Threads, measured(1.0, 8, Some(9_592))),
            Row::new(cpu, Model::GilThreads, measured(2.0, 8, Some(9_592))),
            Row::new(cpu, Model::Processes, measured(1.0, 8, Some(9_000))),
            Row::new(cpu, Model::Rayon, measured(1.0, 8, Some(9_592))),
        ];
        finish(&mut rows, &sizes);
        assert_eq!(rows[1].speedup, Some(2.0));
        assert_eq!(rows[1].ideal_s, Some(1.0), "sequential time over 2 cores");
        assert_eq!(
            rows[2].ideal_s,
            Some(2.0),
            "a GIL gets no help from the cores"
        );
        assert!(
            rows[1].verdict.contains("run in parallel"),
            "{}",
            rows[1].verdict
        );
        assert!(rows[2].verdict.contains("GIL"), "{}", rows[2].verdict);
        // rayon is judged like hand-made threads: against the cores, by its own name.
        assert_eq!(rows[4].ideal_s, Some(1.0), "rayon is parallel too");
        assert!(
            rows[4]
                .verdict
                .starts_with("rayon 2.00x on 2 cores: rayon's pool"),
            "{}",
            rows[4].verdict
        );
        // A wrong answer is never reported as a speed-up.
        assert!(rows[3].verdict.starts_with("WRONG"), "{}", rows[3].verdict);
        assert!(table(&rows).lines().count() == 2 + rows.len());
    }

    // Python threads that ran without a GIL are labelled free-threaded, judged against all
    // the cores like any parallel model, and never called "Python's real GIL".
    #[test]
    fn free_threaded_python_threads_are_labelled_and_judged_as_parallel() {
        let sizes = Sizes::new(true, true, 2);
        let cpu = Experiment::CpuBound;
        let free_threaded = Measured {
            gil_enabled: Some(false),
            ..measured(1.0, 8, Some(2_262))
        };
        let with_gil = Measured {
            gil_enabled: Some(true),
            ..measured(2.1, 8, Some(2_262))
        };
        let mut rows = vec![
            Row::new(cpu, Model::PySequential, measured(2.0, 8, Some(2_262))),
            Row::new(cpu, Model::PyThreads, free_threaded),
            Row::new(cpu, Model::PyThreads, with_gil),
            Row::new(cpu, Model::PyInterpreters, measured(1.0, 8, Some(2_262))),
        ];
        finish(&mut rows, &sizes);
        assert_eq!(rows[1].label, "py_threads (free-threaded)");
        assert_eq!(rows[1].ideal_s, Some(1.0), "sequential time over 2 cores");
        assert!(rows[1].verdict.contains("no GIL"), "{}", rows[1].verdict);
        assert_eq!(rows[2].label, "py_threads");
        assert_eq!(rows[2].ideal_s, Some(2.0));
        assert!(rows[2].verdict.contains("real GIL"), "{}", rows[2].verdict);
        assert!(
            rows[3].verdict.contains("one GIL per interpreter"),
            "{}",
            rows[3].verdict
        );
        let json = serde_json::to_value(&rows[1]).unwrap();
        assert_eq!(json["model"], "py_threads", "the schema's name is kept");
        assert_eq!(json["label"], "py_threads (free-threaded)");
        assert!(table(&rows).contains("| py_threads (free-threaded) |"));
    }

    #[test]
    fn a_failed_row_says_why() {
        let sizes = Sizes::new(true, true, 2);
        let failed = Measured::failed("the OS refused thread 7".into());
        let mut rows = vec![Row::new(Experiment::ScaleThreads, Model::Threads, failed)];
        finish(&mut rows, &sizes);
        assert_eq!(rows[0].verdict, "not measured: the OS refused thread 7");
        assert!(table(&rows).contains("| -"));
    }

    // net: a pool's floor is one latency per round of `net_pool` requests; every other
    // model's is one latency. The verdict gives the rate and the server's concurrency.
    #[test]
    fn a_net_row_has_its_floor_rate_and_server_concurrency() {
        let sizes = Sizes::new(true, true, 2);
        let net = Experiment::Net;
        let mut rows = vec![
            Row::new(net, Model::ThreadPool, measured(0.3, 20, None)),
            Row::new(net, Model::Async, measured(0.125, 20, None)),
        ];
        rows[1].server_max_in_flight = Some(20);
        finish(&mut rows, &sizes);
        let rounds = 20usize.div_ceil(sizes.net_pool) as f64;
        assert_eq!(rows[0].ideal_s, Some(rounds * sizes.net_latency_s));
        assert_eq!(rows[1].ideal_s, Some(sizes.net_latency_s));
        let v = &rows[1].verdict;
        assert!(
            v.contains("160 req/s") && v.contains("saw 20 at once"),
            "{v}"
        );
    }

    // The JSON file names experiments and models exactly as the table prints them.
    #[test]
    fn a_row_is_written_with_its_names() {
        let row = Row::new(
            Experiment::IoBound,
            Model::AsyncMulti,
            measured(1.0, 3, None),
        );
        let json = serde_json::to_value(&row).unwrap();
        assert_eq!(json["experiment"], "io_bound");
        assert_eq!(json["model"], "async_multi");
    }
}
