//! Process workers: Rust's answer to `multiprocessing.Process(target=compute)`.
//!
//! Python can fork its interpreter and run one function in the child. Rust has no
//! fork-a-function, so a worker is **this same executable, started again in a worker role**:
//!
//! 1. The parent runs `std::env::current_exe()` with environment variables that name the role
//!    (which function), the task and its input ([`WorkerCommand::spawn`]).
//! 2. The child's `main` calls [`serve_if_worker`] first thing. It sees the role, runs the
//!    function, sends its result and its timeline spans back over stdout, and exits.
//! 3. The parent reads that pipe, waits for the child (so no zombie is left), and turns a
//!    non-zero exit or a crash into a [`WorkerError`] that names the task.
//!
//! Test binaries have no `main` of their own, so a test file declares its entry with
//! [`worker_entry!`](crate::worker_entry) and the child is started with a filter that runs
//! just that entry.

use crate::{Span, Timeline};
use std::fmt;
use std::io::{self, BufRead, BufReader, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::thread::JoinHandle;

/// The environment variable naming the worker role; its presence makes a process a worker.
pub const ROLE_VAR: &str = "COURSE_WORKER_ROLE";
/// The environment variable holding the task's name, e.g. `Task-0`.
pub const TASK_VAR: &str = "COURSE_WORKER_TASK";
/// The environment variable holding the worker's input.
pub const INPUT_VAR: &str = "COURSE_WORKER_INPUT";
/// The environment variable holding the parent timeline's origin (ns since the Unix epoch).
pub const ORIGIN_VAR: &str = "COURSE_WORKER_ORIGIN_NS";
/// The name of the test that [`worker_entry!`](crate::worker_entry) declares.
pub const TEST_ENTRY: &str = "course_worker_entry";

/// Lines on the child's stdout that start with this are messages for the parent; every
/// other line is the child's own output and is passed on.
const PREFIX: &str = "@@course-worker ";

/// A worker function: takes its input, returns its result or an error message.
pub type WorkerFn = fn(&str) -> Result<String, String>;

static WORKER_TIMELINE: OnceLock<Timeline> = OnceLock::new();

/// If this process was started as a worker, runs the named role and **exits**; otherwise
/// returns at once. Call it at the very top of `main`, before parsing arguments.
pub fn serve_if_worker(roles: &[(&str, WorkerFn)]) {
    let Ok(role) = std::env::var(ROLE_VAR) else {
        return;
    };
    let task = std::env::var(TASK_VAR).unwrap_or_else(|_| role.clone());
    let input = std::env::var(INPUT_VAR).unwrap_or_default();
    let origin = std::env::var(ORIGIN_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let timeline = WORKER_TIMELINE.get_or_init(|| Timeline::continuing(origin));
    send("start", &"");

    let Some((_, work)) = roles.iter().find(|(name, _)| *name == role) else {
        let known: Vec<_> = roles.iter().map(|(n, _)| *n).collect();
        eprintln!("unknown worker role `{role}`; this program knows: {known:?}");
        std::process::exit(70);
    };
    let result = timeline.record(task.clone(), || work(&input));
    for span in timeline.spans() {
        send("span", &span);
    }
    match result {
        Ok(output) => {
            send("result", &output);
            std::process::exit(0);
        }
        Err(message) => {
            eprintln!("{task}: {message}");
            std::process::exit(1);
        }
    }
}

/// Inside a worker, the timeline whose spans are sent to the parent. Record sub-steps into
/// it if you want them drawn. Outside a worker this is a fresh, unshared timeline.
pub fn timeline() -> &'static Timeline {
    WORKER_TIMELINE.get_or_init(Timeline::new)
}

fn send(kind: &str, payload: &impl serde::Serialize) {
    let json = serde_json::to_string(payload).expect("worker messages are plain data");
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "{PREFIX}{kind} {json}");
    let _ = out.flush();
}

/// Declares the entry point that process workers re-enter in a **test** binary.
/// Put it at the top level of the test file, listing each role and its function:
///
/// ```ignore
/// toolkit::worker_entry!("compute" => my_exercise::compute);
/// ```
#[macro_export]
macro_rules! worker_entry {
    ($($role:literal => $work:path),* $(,)?) => {
        /// Not a test: the entry point that process workers are started into. It is marked
        /// ignored so that a plain `cargo test` lists it as such instead of counting a
        /// "pass" that could never fail; workers run it with `--include-ignored`.
        #[test]
        #[ignore = "not a test: the entry point of process workers"]
        fn course_worker_entry() {
            $crate::worker::serve_if_worker(&[$(($role, $work as $crate::worker::WorkerFn)),*]);
        }
    };
}

/// How to start one worker. Build it, then [`spawn`](WorkerCommand::spawn) it.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    role: String,
    task: String,
    input: String,
    origin: Option<u128>,
    relay: bool,
}

impl WorkerCommand {
    /// A worker that will run `role`. Its task name defaults to the role.
    pub fn new(role: &str) -> Self {
        Self {
            role: role.into(),
            task: role.into(),
            input: String::new(),
            origin: None,
            relay: true,
        }
    }

    /// Names the task, e.g. `Task-0`: errors and spans carry this name.
    pub fn task(mut self, task: &str) -> Self {
        self.task = task.into();
        self
    }

    /// The input handed to the worker function.
    pub fn input(mut self, input: &str) -> Self {
        self.input = input.into();
        self
    }

    /// Lines up the child's spans with this (real-clock) timeline.
    pub fn timeline(mut self, timeline: &Timeline) -> Self {
        self.origin = timeline.origin_epoch_ns();
        self
    }

    /// Whether the child's own printed lines are passed on to our stdout/stderr as they come
    /// (default: yes). They are collected in the report either way.
    pub fn relay(mut self, relay: bool) -> Self {
        self.relay = relay;
        self
    }

    /// Starts the child process: this executable again, in the worker role.
    pub fn spawn(self) -> io::Result<Worker> {
        let exe = std::env::current_exe()?;
        let origin = self
            .origin
            .unwrap_or_else(|| Timeline::new().origin_epoch_ns().unwrap_or(0));
        let mut child = Command::new(exe)
            // In a test binary these select the worker entry; a program's `main` never sees
            // them, because `serve_if_worker` runs first and exits.
            .args([
                TEST_ENTRY,
                "--include-ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(ROLE_VAR, &self.role)
            .env(TASK_VAR, &self.task)
            .env(INPUT_VAR, &self.input)
            .env(ORIGIN_VAR, origin.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let relay = self.relay;
        Ok(Worker {
            task: self.task,
            pid: child.id(),
            child: Some(child),
            stdout: Some(std::thread::spawn(move || read_stdout(stdout, relay))),
            stderr: Some(std::thread::spawn(move || read_stderr(stderr, relay))),
        })
    }
}

/// What the child said on stdout.
#[derive(Default)]
struct Collected {
    started: bool,
    lines: Vec<String>,
    spans: Vec<Span>,
    result: Option<String>,
}

fn read_stdout(out: impl io::Read, relay: bool) -> Collected {
    let mut got = Collected::default();
    for line in BufReader::new(out).lines().map_while(Result::ok) {
        // A message may follow the test harness's "test course_worker_entry ... " on one line.
        if let Some(at) = line.find(PREFIX) {
            let msg = &line[at + PREFIX.len()..];
            let (kind, json) = msg.split_once(' ').unwrap_or((msg, ""));
            match kind {
                "start" => got.started = true,
                "span" => got.spans.extend(serde_json::from_str(json).ok()),
                "result" => got.result = serde_json::from_str(json).ok(),
                _ => {}
            }
        } else if got.started {
            // Lines before "start" are the test harness's own ("running 1 test").
            if relay {
                println!("{line}");
            }
            got.lines.push(line);
        }
    }
    got
}

fn read_stderr(err: impl io::Read, relay: bool) -> String {
    let mut text = String::new();
    for line in BufReader::new(err).lines().map_while(Result::ok) {
        if relay {
            eprintln!("{line}");
        }
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// A running worker process. [`wait`](Worker::wait) for it; if it is dropped instead, it is
/// killed and reaped, so it never lingers as a zombie.
#[derive(Debug)]
pub struct Worker {
    task: String,
    pid: u32,
    child: Option<Child>,
    stdout: Option<JoinHandle<Collected>>,
    stderr: Option<JoinHandle<String>>,
}

impl fmt::Debug for Collected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Collected").finish_non_exhaustive()
    }
}

impl Worker {
    /// The child's process id: a real, separate process.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The task's name.
    pub fn task(&self) -> &str {
        &self.task
    }

    /// Waits for the child to exit and collects what it sent.
    pub fn wait(mut self) -> Result<WorkerReport, WorkerError> {
        let status = self.child.take().expect("waited once").wait();
        let got = self
            .stdout
            .take()
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default();
        let stderr = self
            .stderr
            .take()
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default();
        let task = self.task.clone();
        let status = status.map_err(|source| WorkerError::Wait {
            task: task.clone(),
            source,
        })?;
        if !status.success() {
            return Err(WorkerError::Failed {
                task,
                status,
                stderr,
                spans: got.spans,
            });
        }
        match got.result {
            Some(output) => Ok(WorkerReport {
                task,
                pid: self.pid,
                output,
                spans: got.spans,
                lines: got.lines,
            }),
            None => Err(WorkerError::NoResult { task, stderr }),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// What a worker sent back when it succeeded.
#[derive(Debug, Clone)]
pub struct WorkerReport {
    /// The task's name.
    pub task: String,
    /// The child's process id.
    pub pid: u32,
    /// The worker function's result.
    pub output: String,
    /// The spans the child recorded, on the parent's clock.
    pub spans: Vec<Span>,
    /// The lines the child printed.
    pub lines: Vec<String>,
}

/// Why a worker did not deliver a result. Its message always names the task.
#[derive(Debug)]
pub enum WorkerError {
    /// Waiting for the child failed at the operating-system level.
    Wait {
        /// The task's name.
        task: String,
        /// What the OS said.
        source: io::Error,
    },
    /// The child exited with a non-zero status, or was killed by a signal.
    Failed {
        /// The task's name.
        task: String,
        /// How it exited.
        status: ExitStatus,
        /// What it wrote to stderr.
        stderr: String,
        /// The spans it sent before failing (a worker function that returns an error
        /// still sends its span; one that crashes sends none), so a timeline can show it.
        spans: Vec<Span>,
    },
    /// The child exited cleanly but never sent a result.
    NoResult {
        /// The task's name.
        task: String,
        /// What it wrote to stderr.
        stderr: String,
    },
}

impl WorkerError {
    /// The name of the task that failed.
    pub fn task(&self) -> &str {
        match self {
            WorkerError::Wait { task, .. }
            | WorkerError::Failed { task, .. }
            | WorkerError::NoResult { task, .. } => task,
        }
    }
}

impl WorkerError {
    /// The spans the child sent before it failed (empty if it crashed or never started).
    pub fn spans(&self) -> &[Span] {
        match self {
            WorkerError::Failed { spans, .. } => spans,
            _ => &[],
        }
    }
}

impl fmt::Display for WorkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkerError::Wait { task, source } => {
                write!(f, "{task} could not be waited for: {source}")
            }
            WorkerError::Failed { task, status, .. } => write!(f, "{task} failed: {status}"),
            WorkerError::NoResult { task, .. } => write!(
                f,
                "{task} exited without sending a result (does the program call \
                 toolkit::worker::serve_if_worker first thing, or the test file declare \
                 toolkit::worker_entry!?)"
            ),
        }
    }
}

impl std::error::Error for WorkerError {}
