//! What is measured, by name: the experiments and the models they run under.
//!
//! These names are the demo's vocabulary in three places at once: the printed table, the
//! `--json` file (whose `experiment` and `model` fields other tools read) and the Python
//! script's command line. So each name is written once, here, and everything else matches
//! on the enums: a typo becomes a compile error instead of a row that silently never runs.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One experiment: a kind of work, measured under several [`Model`]s.
///
/// Its serde name is its [`as_str`](Experiment::as_str) (`io_bound`, ...): the `--json`
/// schema depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Experiment {
    /// N waits of the same length: the tutorial's downloads.
    IoBound,
    /// The primes below a limit, counted in pieces (at least one per core).
    CpuBound,
    /// Spawning and joining one thread, process or async task.
    SpawnCost,
    /// Many concurrent async sleeps.
    ScaleAsync,
    /// Many concurrent threads, each sleeping.
    ScaleThreads,
    /// N concurrent HTTP requests to a loopback server that answers after 100 ms (C10k).
    Net,
}

impl Experiment {
    /// Every experiment, in the order they run and are printed.
    pub const ALL: [Experiment; 6] = [
        Self::IoBound,
        Self::CpuBound,
        Self::SpawnCost,
        Self::ScaleAsync,
        Self::ScaleThreads,
        Self::Net,
    ];

    /// The experiment's name, as printed and as written to the JSON file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IoBound => "io_bound",
            Self::CpuBound => "cpu_bound",
            Self::SpawnCost => "spawn_cost",
            Self::ScaleAsync => "scale_async",
            Self::ScaleThreads => "scale_threads",
            Self::Net => "net",
        }
    }
}

impl fmt::Display for Experiment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One model of concurrency: how an experiment's units are run. The `Py*` models are the
/// Python counterparts, run with `--python PATH` (or `--with-python`: `python3`).
///
/// Its serde name is its [`as_str`](Model::as_str) (`async_multi`, `py_asyncio`, ...): the
/// `--json` schema depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Model {
    /// One unit after another, on one thread.
    Sequential,
    /// One OS thread per unit.
    Threads,
    /// One process per unit (this program, started again in a worker role).
    Processes,
    /// Tokio on one thread: asyncio's single event loop.
    Async,
    /// Tokio's multi-thread runtime, `spawn_blocking` for CPU work.
    AsyncMulti,
    /// One OS thread per unit, behind a simulated GIL.
    GilThreads,
    /// Python, one unit after another.
    PySequential,
    /// Python's `threading`, behind the real GIL.
    PyThreads,
    /// Python's `multiprocessing`.
    PyProcesses,
    /// Python's `asyncio`.
    PyAsyncio,
    /// Python 3.14's `concurrent.futures.InterpreterPoolExecutor`: subinterpreters in one
    /// process, each with its own GIL (PEP 734).
    PyInterpreters,
    /// A bounded pool of OS threads, each taking the next unit when it is done with one.
    ThreadPool,
    /// `par_iter` on rayon's global pool (one thread per core): the pool's threads take the
    /// units and steal from each other when one runs out. CPU work only (`cpu_bound`).
    Rayon,
}

impl Model {
    /// The model's name, as printed, written to the JSON file and passed to the Python
    /// script.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sequential => "sequential",
            Self::Threads => "threads",
            Self::Processes => "processes",
            Self::Async => "async",
            Self::AsyncMulti => "async_multi",
            Self::GilThreads => "gil_threads",
            Self::PySequential => "py_sequential",
            Self::PyThreads => "py_threads",
            Self::PyProcesses => "py_processes",
            Self::PyAsyncio => "py_asyncio",
            Self::PyInterpreters => "py_interpreters",
            Self::ThreadPool => "thread_pool",
            Self::Rayon => "rayon",
        }
    }

    /// Whether the Python script runs this model, rather than this program.
    pub fn is_python(self) -> bool {
        matches!(
            self,
            Self::PySequential
                | Self::PyThreads
                | Self::PyProcesses
                | Self::PyAsyncio
                | Self::PyInterpreters
        )
    }

    /// The model this one is compared with: speedups are relative to the sequential run in
    /// the same language, so Python is never measured against Rust.
    pub fn baseline(self) -> Self {
        if self.is_python() {
            Self::PySequential
        } else {
            Self::Sequential
        }
    }

    /// Whether this model runs CPU work on every core at once, whatever the interpreter.
    /// (`py_threads` does too on a free-threaded Python: see `Row::is_parallel`.)
    pub fn is_parallel(self) -> bool {
        matches!(
            self,
            Self::Threads
                | Self::Processes
                | Self::Rayon
                | Self::AsyncMulti
                | Self::PyProcesses
                | Self::PyInterpreters
        )
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every model, Rust's first (only the tests need them all: each experiment has its own
    /// list in `plan`).
    const MODELS: [Model; 13] = [
        Model::Sequential,
        Model::Threads,
        Model::Processes,
        Model::Async,
        Model::AsyncMulti,
        Model::GilThreads,
        Model::PySequential,
        Model::PyThreads,
        Model::PyProcesses,
        Model::PyAsyncio,
        Model::PyInterpreters,
        Model::ThreadPool,
        Model::Rayon,
    ];

    // The JSON file and the printed table must agree on every name, and the names must be
    // the ones the JSON schema has always had.
    #[test]
    fn serde_names_are_the_printed_names() {
        for e in Experiment::ALL {
            assert_eq!(serde_json::to_value(e).unwrap(), e.as_str());
            assert_eq!(
                serde_json::from_value::<Experiment>(e.as_str().into()).unwrap(),
                e
            );
        }
        for m in MODELS {
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
            assert_eq!(
                serde_json::from_value::<Model>(m.as_str().into()).unwrap(),
                m
            );
            assert_eq!(m.is_python(), m.as_str().starts_with("py_"), "{m}");
        }
        let names: Vec<_> = Experiment::ALL.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            names,
            [
                "io_bound",
                "cpu_bound",
                "spawn_cost",
                "scale_async",
                "scale_threads",
                "net"
            ]
        );
        let names: Vec<_> = MODELS.iter().map(|m| m.to_string()).collect();
        assert_eq!(
            names,
            [
                "sequential",
                "threads",
                "processes",
                "async",
                "async_multi",
                "gil_threads",
                "py_sequential",
                "py_threads",
                "py_processes",
                "py_asyncio",
                "py_interpreters",
                "thread_pool",
                "rayon"
            ]
        );
    }
}
