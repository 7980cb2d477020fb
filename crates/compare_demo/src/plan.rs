//! Which models each experiment runs under, in the order they run.

use crate::names::{Experiment, Model};

/// The Rust models of each experiment. A model appears where it applies: a GIL changes
/// nothing about spawning, and 10,000 processes or a sequential run of 100,000 one-second
/// sleeps would only show what we already know.
pub fn rust_models(experiment: Experiment) -> &'static [Model] {
    use Model::*;
    match experiment {
        Experiment::IoBound => &[
            Sequential, Threads, Processes, Async, AsyncMulti, GilThreads,
        ],
        // rayon is for CPU work: a pool of one thread per core, so waits would queue
        // behind each other (and `net` already has its own pool, `thread_pool`).
        Experiment::CpuBound => &[
            Sequential, Threads, Processes, Rayon, Async, AsyncMulti, GilThreads,
        ],
        Experiment::SpawnCost => &[Sequential, Threads, Processes, Async, AsyncMulti],
        Experiment::ScaleAsync => &[Async, AsyncMulti],
        Experiment::ScaleThreads => &[Threads],
        Experiment::Net => &[Threads, ThreadPool, Async, AsyncMulti],
    }
}

/// The Python counterparts of each experiment (with `--python` or `--with-python`).
/// `py_interpreters` runs only where the interpreter has `InterpreterPoolExecutor` (3.14).
pub fn python_models(experiment: Experiment) -> &'static [Model] {
    use Model::*;
    match experiment {
        Experiment::IoBound => &[PySequential, PyThreads, PyProcesses, PyAsyncio],
        Experiment::CpuBound => &[PySequential, PyThreads, PyProcesses, PyInterpreters],
        Experiment::SpawnCost => &[PyThreads, PyProcesses, PyAsyncio],
        Experiment::ScaleAsync => &[PyAsyncio],
        Experiment::ScaleThreads => &[PyThreads],
        Experiment::Net => &[PyThreads, PyAsyncio],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // rayon runs CPU work only: every other experiment leaves it out of its plan, as it does
    // the other models that do not apply.
    #[test]
    fn rayon_runs_in_cpu_bound_only() {
        for e in Experiment::ALL {
            let has = rust_models(e).contains(&Model::Rayon);
            assert_eq!(has, e == Experiment::CpuBound, "{e}");
            assert!(!python_models(e).contains(&Model::Rayon), "{e}");
        }
    }
}
