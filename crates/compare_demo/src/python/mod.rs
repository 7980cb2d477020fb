//! `--python PATH` (or `--with-python`, which is `--python python3`): the same experiments in
//! Python, for a side-by-side, run with the interpreter you name.
//!
//! The script is `crates/compare_demo/python/compare.py`. It is built into this program and
//! written to a temporary file when needed, so the binary works from anywhere. You can also
//! run it yourself: `python3 crates/compare_demo/python/compare.py io_bound py_threads '{...}'`
//! where `{...}` is the sizes JSON (see `sizes.rs`).
//!
//! Before any row runs, [`probe`] asks the interpreter what it is: its version (older than
//! [`probe::MIN_VERSION`] is refused), whether the GIL is on, and whether it has
//! `InterpreterPoolExecutor`. Each row also reports whether the GIL was on while it ran.

pub mod probe;

use crate::experiments::Measured;
use crate::names::{Experiment, Model};
use crate::report::Row;
use crate::sizes::Sizes;
use probe::Interpreter;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python script, built in.
const SCRIPT: &str = include_str!("../../python/compare.py");

/// A probed interpreter and the script, written out for it to run; removed when dropped.
pub struct Python {
    /// What to run: the path or name given to `--python`, or `python3`.
    program: PathBuf,
    script: PathBuf,
    /// What the probe found.
    pub interpreter: Interpreter,
}

impl Python {
    /// The interpreter the flags ask for: `--python PATH`, else `python3` with
    /// `--with-python`, else none. `Err` says what is wrong with it and what to do; the
    /// caller exits with 2 before anything runs.
    pub fn from_flags(python: Option<&Path>, with_python: bool) -> Result<Option<Self>, String> {
        match (python, with_python) {
            (Some(path), _) => Self::start(path)
                .map(Some)
                .map_err(|e| format!("--python {e}")),
            (None, true) => Self::start(Path::new("python3"))
                .map(Some)
                .map_err(|e| format!("--with-python runs python3, and {e}")),
            (None, false) => Ok(None),
        }
    }

    /// Probes `program` and writes the script out for it.
    fn start(program: &Path) -> Result<Self, String> {
        let interpreter = probe::probe(program)?;
        let script = std::env::temp_dir().join(format!("compare_demo-{}.py", std::process::id()));
        std::fs::write(&script, SCRIPT)
            .map_err(|e| format!("could not write {}: {e}", script.display()))?;
        Ok(Self {
            program: program.to_owned(),
            script,
            interpreter,
        })
    }

    /// Whether this interpreter can run `model` (only `py_interpreters` depends on it).
    pub fn runs(&self, model: Model) -> bool {
        model != Model::PyInterpreters || self.interpreter.interpreter_pool
    }

    /// The notes printed under the table (and written to the JSON): which interpreter ran
    /// the Python rows, and which rows it could not run.
    pub fn notes(&self) -> Vec<String> {
        let py = &self.interpreter;
        let mut notes = vec![format!(
            "Python rows ran with {}: {}; multiprocessing start method: {}",
            self.program.display(),
            py.describe(),
            py.start_method.as_deref().unwrap_or("unknown")
        )];
        if !py.interpreter_pool {
            notes.push(format!(
                "py_interpreters not run: {} {} has no concurrent.futures.InterpreterPoolExecutor \
                 (new in Python 3.14, PEP 734)",
                py.implementation, py.version
            ));
        }
        notes
    }

    /// A note when Python rows ran with the GIL on although the interpreter started with it
    /// off: an extension module without free-threading support, or `PYTHON_GIL=1`, turned
    /// it back on, and those rows ran as they would on default CPython.
    pub fn gil_note(&self, rows: &[Row]) -> Option<String> {
        if !self.interpreter.gil_off() {
            return None;
        }
        let turned_on: Vec<String> = rows
            .iter()
            .filter(|r| r.model.is_python() && r.gil_enabled == Some(true))
            .map(|r| format!("{}/{}", r.experiment, r.model))
            .collect();
        (!turned_on.is_empty()).then(|| {
            format!(
                "the GIL was back on in {} although {} started with it off (an extension \
                 module without free-threading support, or PYTHON_GIL=1): those rows ran \
                 with a GIL",
                turned_on.join(", "),
                self.program.display()
            )
        })
    }

    /// Runs one Python row and reads what it measured (a JSON line on stdout).
    pub fn run(&self, experiment: Experiment, model: Model, sizes: &Sizes) -> Measured {
        let sizes = serde_json::to_string(sizes).unwrap_or_default();
        let program = self.program.display();
        let out = Command::new(&self.program)
            .arg(&self.script)
            .args([experiment.as_str(), model.as_str(), &sizes])
            .output();
        let failed = Measured::failed;
        match out {
            Err(e) => failed(format!("could not run {program}: {e}")),
            Ok(out) if !out.status.success() => failed(format!(
                "{program} exited with {}: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            )),
            Ok(out) => {
                let text = String::from_utf8_lossy(&out.stdout);
                let last = text.lines().last().unwrap_or("");
                serde_json::from_str(last)
                    .unwrap_or_else(|e| failed(format!("unreadable answer {last:?}: {e}")))
            }
        }
    }
}

impl Drop for Python {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.script);
    }
}
