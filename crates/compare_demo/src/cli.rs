//! The command line: `compare_demo [--quick] [--json FILE] [--trace FILE]
//! [--with-python | --python PATH] [--experiment NAME]...`.

use crate::names::Experiment;
use clap::Parser;
use std::path::PathBuf;

/// The tutorial's Summary Table and "When to Use Which", measured on this machine:
/// io_bound, cpu_bound, spawn_cost, scale_async and scale_threads and net (C10k) under sequential, threads,
/// processes, async, async_multi and threads behind a simulated GIL (and cpu_bound under
/// rayon's par_iter too).
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Args {
    /// Smaller sizes and shorter waits: every experiment still runs, in 30 s or less.
    #[arg(long)]
    pub quick: bool,

    /// Also write the results as JSON to FILE. Checked before anything runs; written all at
    /// once at the end.
    #[arg(long, value_name = "FILE", value_parser = toolkit::outfile::writable_path)]
    pub json: Option<PathBuf>,

    /// Also write the run as a Chrome trace-event file, to open in Perfetto (ui.perfetto.dev)
    /// or chrome://tracing: one span per row, on a lane per model. Checked before anything
    /// runs.
    #[arg(long, value_name = "FILE", value_parser = toolkit::outfile::writable_path)]
    pub trace: Option<PathBuf>,

    /// Also run the Python counterparts (crates/compare_demo/python/compare.py) with python3,
    /// and add their rows (py_sequential, py_threads, py_processes, py_asyncio): the same as
    /// `--python python3`.
    #[arg(long)]
    pub with_python: bool,

    /// Run the Python rows with this interpreter (a path, or a name on PATH such as
    /// python3.14t). Its version and whether its GIL is on are printed in the notes; on 3.14
    /// a py_interpreters row (InterpreterPoolExecutor) is added. Python 3.7 or newer.
    #[arg(long, value_name = "PATH", conflicts_with = "with_python")]
    pub python: Option<PathBuf>,

    /// Run only these experiments (repeat the flag for several): io_bound, cpu_bound,
    /// spawn_cost, scale_async, scale_threads, net. Every one runs when none is given.
    #[arg(long, value_name = "NAME", value_parser = experiment)]
    pub experiment: Vec<Experiment>,

    /// For the course's own tests: shrink the unit counts further (every experiment and
    /// model still runs). The figures are then too small to mean much.
    #[arg(long, hide = true)]
    pub tiny: bool,
}

/// An experiment by its printed name.
fn experiment(name: &str) -> Result<Experiment, String> {
    Experiment::ALL
        .into_iter()
        .find(|e| e.as_str() == name)
        .ok_or_else(|| {
            let names: Vec<_> = Experiment::ALL.iter().map(|e| e.as_str()).collect();
            format!("no experiment {name:?}; one of: {}", names.join(", "))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn experiments_are_chosen_by_their_printed_names() {
        let args = Args::try_parse_from(["compare_demo", "--experiment", "net"]).unwrap();
        assert_eq!(args.experiment, [Experiment::Net]);
        let err = Args::try_parse_from(["compare_demo", "--experiment", "c10k"]).unwrap_err();
        assert!(err.to_string().contains("one of: io_bound"), "{err}");
        assert!(
            Args::try_parse_from(["compare_demo"])
                .unwrap()
                .experiment
                .is_empty()
        );
    }

    // --with-python is --python python3: asking for both is a mistake, said before anything
    // runs.
    #[test]
    fn python_and_with_python_are_one_or_the_other() {
        let args = Args::try_parse_from(["compare_demo", "--python", "python3.14t"]).unwrap();
        assert_eq!(args.python, Some(PathBuf::from("python3.14t")));
        let both = ["compare_demo", "--python", "python3", "--with-python"];
        let err = Args::try_parse_from(both).unwrap_err();
        assert!(err.to_string().contains("cannot be used with"), "{err}");
    }
}
