//! `--with-python`: the same experiments in Python, run with `python3`, for a side-by-side.
//!
//! The script is `crates/compare_demo/python/compare.py`. It is built into this program and
//! written to a temporary file when needed, so the binary works from anywhere. You can also
//! run it yourself: `python3 crates/compare_demo/python/compare.py io_bound py_threads '{...}'`
//! where `{...}` is the sizes JSON (see `sizes.rs`).

use crate::experiments::Measured;
use crate::names::{Experiment, Model};
use crate::sizes::Sizes;
use std::path::PathBuf;
use std::process::Command;

/// The Python script, built in.
const SCRIPT: &str = include_str!("../python/compare.py");

/// The script, written out for python3 to run; removed when dropped.
pub struct Python {
    script: PathBuf,
    /// What `python3 --version` said.
    pub version: String,
}

impl Python {
    /// Finds python3 and writes the script out. `Err` says why Python rows are skipped.
    pub fn find() -> Result<Self, String> {
        let out = Command::new("python3")
            .arg("--version")
            .output()
            .map_err(|e| format!("python3 was not found ({e}); the Python rows are skipped"))?;
        if !out.status.success() {
            return Err("python3 --version failed; the Python rows are skipped".into());
        }
        let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let script = std::env::temp_dir().join(format!("compare_demo-{}.py", std::process::id()));
        std::fs::write(&script, SCRIPT)
            .map_err(|e| format!("could not write {}: {e}", script.display()))?;
        Ok(Self { script, version })
    }

    /// Runs one Python row and reads what it measured (a JSON line on stdout).
    pub fn run(&self, experiment: Experiment, model: Model, sizes: &Sizes) -> Measured {
        let sizes = serde_json::to_string(sizes).unwrap_or_default();
        let out = Command::new("python3")
            .arg(&self.script)
            .args([experiment.as_str(), model.as_str(), &sizes])
            .output();
        let failed = Measured::failed;
        match out {
            Err(e) => failed(format!("could not run python3: {e}")),
            Ok(out) if !out.status.success() => failed(format!(
                "python3 exited with {}: {}",
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
