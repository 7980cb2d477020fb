//! The Python half: find a Python, run `python/race.py` in it with `-c`, and read back what it
//! counted. The script prints lines that start with `race_demo-python `; anything else it
//! prints is ignored, and a program that prints no such line is not a Python 3 this demo runs.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The Python program, built in: run with `-c`, so nothing is written to disk for it.
pub const SCRIPT: &str = include_str!("../python/race.py");

/// What starts every line of the script's answer.
const MARKER: &str = "race_demo-python ";

/// How long the script may take: a million increments on 64 threads, twice, on a slow build.
const LIMIT: Duration = Duration::from_secs(120);

/// The most output read from the program: a program that is not Python may print forever.
const MAX_OUTPUT: u64 = 1 << 20;

/// Whether this Python has a GIL, as it said itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gil {
    /// Before 3.13 every CPython build has the GIL (`sys._is_gil_enabled` does not exist).
    Always,
    /// `sys._is_gil_enabled()` is true.
    On,
    /// `sys._is_gil_enabled()` is false: a free-threaded build, threads really run at once.
    Off,
}

/// Which Python ran, in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Build {
    /// `CPython`, `PyPy`, ...
    pub implementation: String,
    /// `3.11.2`, `3.14.0`.
    pub version: String,
    /// Built with `Py_GIL_DISABLED` (`python3.13t`, `python3.14t`), whether or not the GIL was
    /// turned back on at run time.
    pub free_threaded: bool,
    /// Whether the GIL is on in this run.
    pub gil: Gil,
    /// `sys.getswitchinterval()` in microseconds: how long a thread may keep the GIL when
    /// another one asks for it.
    pub switch_interval_us: u64,
    /// `sys.executable`.
    pub executable: String,
}

impl Build {
    /// `CPython 3.11.2 (/usr/bin/python3), GIL on (default build), switch interval 5 ms`.
    pub fn describe(&self) -> String {
        let gil = match (self.gil, self.free_threaded) {
            (Gil::Always, _) => "GIL on (every build before 3.13 has one)",
            (Gil::On, false) => "GIL on (default build)",
            (Gil::On, true) => {
                "GIL on: a free-threaded build with the GIL turned back on (PYTHON_GIL=1 or -X gil=1)"
            }
            (Gil::Off, _) => "GIL off (free-threaded build, PEP 703/779)",
        };
        let switch = match self.gil {
            Gil::Off => String::new(),
            _ => format!(
                ", switch interval {} ms",
                self.switch_interval_us as f64 / 1000.0
            ),
        };
        format!(
            "{} {} ({}), {gil}{switch}",
            self.implementation, self.version, self.executable
        )
    }
}

/// What the Python half counted, each run starting from 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Which Python ran.
    pub build: Build,
    /// The counter after `counter += 1` on every thread.
    pub in_place: u64,
    /// The counter after `counter = increment(counter)` on every thread.
    pub through_a_call: u64,
}

/// `name` as a program: a path that is a file, or a bare name found on PATH.
pub fn find_program(name: &Path) -> Option<PathBuf> {
    if name.components().count() > 1 {
        return name.is_file().then(|| name.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Runs the script in `program` with `threads` threads of `increments` each. `Err` says what
/// went wrong, in words that follow the program's name.
pub fn run(program: &Path, threads: usize, increments: usize) -> Result<Counts, String> {
    let mut child = Command::new(program)
        .args(["-c", SCRIPT, &threads.to_string(), &increments.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not be started ({e})"))?;
    // Both pipes are read on their own threads: a program that fills one would otherwise
    // block before it exits.
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(pipe) = pipe {
                let _ = pipe.take(MAX_OUTPUT).read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("did not finish within {} s", LIMIT.as_secs()));
            }
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    parse(&stdout).map_err(|problem| {
        let said = stderr.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
        let said: String = said.trim().chars().take(120).collect();
        match said.is_empty() {
            true => format!("{problem} (it ended with {status})"),
            false => format!("{problem} (it ended with {status} and said: {said})"),
        }
    })
}

/// Reads the script's answer out of what the program printed. Pure, so tests can feed it the
/// lines any build would print.
pub fn parse(stdout: &str) -> Result<Counts, String> {
    let mut answer = stdout.lines().filter_map(|l| l.strip_prefix(MARKER));
    let build = answer
        .next()
        .and_then(|line| line.strip_prefix("build "))
        .ok_or("printed no `race_demo-python build` line: not a Python 3 that runs this script")?;
    let fields: Vec<&str> = build.splitn(6, ' ').collect();
    let [
        implementation,
        version,
        free_threaded,
        gil,
        switch,
        executable,
    ] = fields[..]
    else {
        return Err(format!("its build line was unreadable: {build}"));
    };
    let gil = match gil {
        "always" => Gil::Always,
        "on" => Gil::On,
        "off" => Gil::Off,
        other => {
            return Err(format!(
                "its build line named an unknown GIL state: {other}"
            ));
        }
    };
    let build = Build {
        implementation: implementation.to_owned(),
        version: version.to_owned(),
        free_threaded: free_threaded == "1",
        gil,
        switch_interval_us: switch.parse().map_err(|_| format!("unreadable: {build}"))?,
        executable: executable.to_owned(),
    };
    let mut count = |name: &str| {
        answer
            .next()
            .and_then(|line| line.strip_prefix(name))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .ok_or(format!(
                "stopped before it printed its `{}` count",
                name.trim()
            ))
    };
    let in_place = count("in_place ")?;
    let through_a_call = count("through_a_call ")?;
    Ok(Counts {
        build,
        in_place,
        through_a_call,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FREE_THREADED: &str = "Python 3.14.0\nrace_demo-python build CPython 3.14.0 1 off 5000 /opt/py/bin/python3.14t\n\
                                 race_demo-python in_place 231000\nrace_demo-python through_a_call 140000\n";

    #[test]
    fn reads_a_free_threaded_build_and_its_counts() {
        let counts = parse(FREE_THREADED).unwrap();
        assert_eq!(counts.in_place, 231_000);
        assert_eq!(counts.through_a_call, 140_000);
        assert!(counts.build.free_threaded && counts.build.gil == Gil::Off);
        assert_eq!(
            counts.build.describe(),
            "CPython 3.14.0 (/opt/py/bin/python3.14t), GIL off (free-threaded build, PEP 703/779)"
        );
    }

    #[test]
    fn a_path_with_spaces_is_kept_whole() {
        let out = "race_demo-python build CPython 3.11.2 0 always 5000 /my pythons/python3\n\
                   race_demo-python in_place 4\nrace_demo-python through_a_call 3\n";
        let build = parse(out).unwrap().build;
        assert_eq!(build.executable, "/my pythons/python3");
        assert!(
            build.describe().ends_with("switch interval 5 ms"),
            "{build:?}"
        );
    }

    #[test]
    fn refuses_output_that_is_not_the_scripts() {
        assert!(parse("").unwrap_err().contains("not a Python 3"));
        let cut = "race_demo-python build CPython 3.11.2 0 always 5000 /usr/bin/python3\n";
        assert!(parse(cut).unwrap_err().contains("`in_place` count"));
        let odd = "race_demo-python build CPython 3.11.2 0 maybe 5000 /usr/bin/python3\n";
        assert!(parse(odd).unwrap_err().contains("unknown GIL state"));
    }
}
