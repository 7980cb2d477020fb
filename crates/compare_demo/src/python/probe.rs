//! Which Python is this? Before any Python row runs, the interpreter given to `--python`
//! (or `python3`, for `--with-python`) runs `python/probe.py`, which prints one line:
//!
//! ```text
//! compare_demo-probe {"implementation": "CPython", "version": "3.14.0", "gil_enabled": false, ...}
//! ```
//!
//! From it this module learns the version (too old is refused), whether the GIL is on, and
//! whether `concurrent.futures.InterpreterPoolExecutor` exists. A program that prints no
//! such line is not a Python, and is refused too: the caller exits with 2 and the message.

use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The probe, built in; run with `-c`, so nothing is written to disk for it.
const PROBE: &str = include_str!("../../python/probe.py");

/// What starts the probe's answer line.
const MARKER: &str = "compare_demo-probe ";

/// The oldest Python `compare.py` runs on: 3.7, for `asyncio.run` and
/// `asyncio.create_task` (`vermin compare.py` reports 3.7; the one 3.14-only line, the
/// `InterpreterPoolExecutor` import, runs only when the probe found it).
pub const MIN_VERSION: (u32, u32) = (3, 7);

/// A Python interpreter, as its probe described it. Written to the `--json` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interpreter {
    /// `CPython`, `PyPy`, ...
    pub implementation: String,
    /// The version as Python prints it: `3.11.2`, `3.14.0rc1`.
    pub version: String,
    /// Major, minor and micro version numbers.
    pub version_info: Vec<u32>,
    /// Whether this is a free-threaded build (`python3.13t`, `python3.14t`): built with
    /// `Py_GIL_DISABLED`, whether or not the GIL was turned back on at run time.
    pub free_threaded_build: bool,
    /// `sys._is_gil_enabled()` (Python 3.13 and newer); `None` before 3.13, where every
    /// build has the GIL.
    pub gil_enabled: Option<bool>,
    /// Whether `concurrent.futures.InterpreterPoolExecutor` (3.14, PEP 734) exists.
    pub interpreter_pool: bool,
    /// The default `multiprocessing` start method: `fork` on Linux until 3.13,
    /// `forkserver` from 3.14.
    pub start_method: Option<String>,
    /// `sys.executable`: the interpreter's own path.
    pub executable: String,
}

impl Interpreter {
    /// True when this interpreter runs Python threads without a GIL.
    pub fn gil_off(&self) -> bool {
        self.gil_enabled == Some(false)
    }

    /// Whether the GIL is on, in words a reader of the table needs.
    pub fn gil_text(&self) -> &'static str {
        match (self.gil_enabled, self.free_threaded_build) {
            (None, _) => "GIL on (no free-threaded build before 3.13)",
            (Some(false), _) => "GIL off (free-threaded build)",
            (Some(true), false) => "GIL on (default build)",
            (Some(true), true) => {
                "GIL on: a free-threaded build with the GIL turned back on (PYTHON_GIL=1, \
                 -X gil=1, or an extension module that does not declare free-threading support)"
            }
        }
    }

    /// One line for the notes: `CPython 3.11.2 (/usr/bin/python3.11), GIL on (...)`.
    pub fn describe(&self) -> String {
        format!(
            "{} {} ({}), {}",
            self.implementation,
            self.version,
            self.executable,
            self.gil_text()
        )
    }

    /// `Err` with what is wrong when this Python is older than [`MIN_VERSION`].
    fn check_version(&self) -> Result<(), String> {
        let (major, minor) = (
            self.version_info.first().copied().unwrap_or(0),
            self.version_info.get(1).copied().unwrap_or(0),
        );
        if (major, minor) < MIN_VERSION {
            let (want_major, want_minor) = MIN_VERSION;
            return Err(format!(
                "{} {} is too old: compare.py needs Python {want_major}.{want_minor} or newer \
                 (it uses asyncio.run)",
                self.implementation, self.version
            ));
        }
        Ok(())
    }
}

/// Runs the probe with `program` and checks the answer. `Err` says what is wrong with the
/// program and what to give instead; the caller prints it and exits with 2.
pub fn probe(program: &Path) -> Result<Interpreter, String> {
    let name = program.display();
    let advice = format!(
        "give a Python {}.{} or newer, e.g. --python python3 or --python /usr/bin/python3.14t",
        MIN_VERSION.0, MIN_VERSION.1
    );
    let (status, stdout, stderr) = run_within(program, Duration::from_secs(30))
        .map_err(|problem| format!("{name}: {problem}; {advice}"))?;
    parse(&stdout, status, &stderr)
        .and_then(|interpreter| interpreter.check_version().map(|()| interpreter))
        .map_err(|problem| format!("{name}: {problem}; {advice}"))
}

/// Reads the probe's answer out of what the program printed. Pure, so the tests can feed it
/// what any interpreter would print.
pub fn parse(stdout: &str, status: ExitStatus, stderr: &str) -> Result<Interpreter, String> {
    let Some(line) = stdout.lines().find_map(|l| l.strip_prefix(MARKER)) else {
        // Its last words on stderr, cut short: a program that echoes its arguments would
        // quote the whole probe back.
        let said = stderr
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        let said = match said.char_indices().nth(100) {
            _ if said.is_empty() => String::new(),
            Some((cut, _)) => format!(" (it said: {}…)", &said[..cut]),
            None => format!(" (it said: {said})"),
        };
        return Err(format!(
            "not a Python interpreter: asked to run the probe with -c, it ended with {status} \
             and printed no `compare_demo-probe` line{said}"
        ));
    };
    serde_json::from_str(line).map_err(|e| format!("its probe answer was unreadable ({e}): {line}"))
}

/// Runs `program -c PROBE` with nothing on stdin, and gives up after `limit` (a program
/// that is not Python may wait forever).
fn run_within(program: &Path, limit: Duration) -> Result<(ExitStatus, String, String), String> {
    let mut child = Command::new(program)
        .args(["-c", PROBE])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not be started ({e})"))?;
    // Read both pipes on their own threads: a program that fills one would otherwise block
    // before it exits.
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "did not answer the probe within {} s",
                    limit.as_secs()
                ));
            }
            Err(e) => return Err(format!("could not be waited for ({e})")),
        }
    };
    let text = |h: std::thread::JoinHandle<String>| h.join().unwrap_or_default();
    Ok((status, text(stdout), text(stderr)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    fn ok() -> ExitStatus {
        ExitStatus::from_raw(0)
    }

    /// What `python3.14t -c probe.py` prints on Linux.
    const PY314T: &str = r#"compare_demo-probe {"implementation": "CPython", "version": "3.14.0", "version_info": [3, 14, 0], "free_threaded_build": true, "gil_enabled": false, "interpreter_pool": true, "start_method": "forkserver", "executable": "/usr/bin/python3.14t"}"#;

    #[test]
    fn a_free_threaded_314_is_read_as_gil_off_with_interpreters() {
        let py = parse(PY314T, ok(), "").unwrap();
        assert!(py.gil_off() && py.interpreter_pool);
        assert_eq!(py.start_method.as_deref(), Some("forkserver"));
        assert_eq!(py.gil_text(), "GIL off (free-threaded build)");
        assert!(py.check_version().is_ok());
        assert_eq!(
            py.describe(),
            "CPython 3.14.0 (/usr/bin/python3.14t), GIL off (free-threaded build)"
        );
    }

    #[test]
    fn the_gil_is_on_before_313_and_when_turned_back_on() {
        let py311 = PY314T
            .replace(r#""3.14.0""#, r#""3.11.2""#)
            .replace("[3, 14, 0]", "[3, 11, 2]")
            .replace(
                r#""free_threaded_build": true"#,
                r#""free_threaded_build": false"#,
            )
            .replace(r#""gil_enabled": false"#, r#""gil_enabled": null"#);
        let py = parse(&py311, ok(), "").unwrap();
        assert!(!py.gil_off());
        assert_eq!(py.gil_text(), "GIL on (no free-threaded build before 3.13)");
        // PYTHON_GIL=1 on a free-threaded build: the build has no GIL, the run has one.
        let turned_on = PY314T.replace(r#""gil_enabled": false"#, r#""gil_enabled": true"#);
        let py = parse(&turned_on, ok(), "").unwrap();
        assert!(!py.gil_off());
        assert!(
            py.gil_text().contains("turned back on"),
            "{}",
            py.gil_text()
        );
    }

    #[test]
    fn a_python_older_than_37_is_refused_by_name() {
        let py36 = PY314T
            .replace(r#""3.14.0""#, r#""3.6.15""#)
            .replace("[3, 14, 0]", "[3, 6, 15]");
        let err = parse(&py36, ok(), "").unwrap().check_version().unwrap_err();
        assert!(err.contains("CPython 3.6.15 is too old"), "{err}");
        assert!(err.contains("3.7 or newer"), "{err}");
        let py27 = PY314T
            .replace(r#""3.14.0""#, r#""2.7.18""#)
            .replace("[3, 14, 0]", "[2, 7, 18]");
        assert!(parse(&py27, ok(), "").unwrap().check_version().is_err());
    }

    #[test]
    fn a_program_that_prints_no_probe_line_is_not_a_python() {
        let err = parse(
            "hello\n",
            ExitStatus::from_raw(2 << 8),
            "ls: invalid option -- 'c'\n",
        )
        .unwrap_err();
        assert!(err.starts_with("not a Python interpreter"), "{err}");
        assert!(err.contains("exit status: 2"), "{err}");
        assert!(err.contains("invalid option"), "{err}");
        let echo = format!("cannot open '{}'", "#".repeat(5000));
        let err = parse("", ExitStatus::from_raw(2 << 8), &echo).unwrap_err();
        assert!(err.len() < 300, "a long complaint is cut short: {err}");
        let err = parse("compare_demo-probe {", ok(), "").unwrap_err();
        assert!(err.contains("unreadable"), "{err}");
    }

    // The real thing, when this machine has python3: the probe runs and passes.
    #[test]
    fn the_machine_s_python3_answers_the_probe() {
        if Command::new("python3").arg("--version").output().is_err() {
            return; // no python3 here: the fake interpreters in tests/ still run
        }
        let py = probe(Path::new("python3")).unwrap();
        assert_eq!(py.version_info.first(), Some(&3));
        assert!(!py.executable.is_empty());
    }

    #[test]
    fn a_missing_program_is_named_with_what_to_do() {
        let err = probe(Path::new("/no/such/python")).unwrap_err();
        assert!(
            err.starts_with("/no/such/python: could not be started"),
            "{err}"
        );
        assert!(err.contains("--python python3"), "{err}");
    }
}
