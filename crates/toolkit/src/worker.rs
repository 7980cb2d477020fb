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
//! Inputs and results are **typed values**, sent as JSON (serde): a worker function is any
//! `fn(I) -> Result<O, String>` whose `I` and `O` serde can read and write.
//!
//! ## The evidence a worker leaves
//! The child times its task on the machine-wide monotonic clock ([`crate::clock`]), the one
//! every process shares, so its span lands on the parent's timeline at the right place with
//! nothing to hand over. The parent then **checks** every span the child sends before it
//! puts it on the timeline: it must come from the PID the parent spawned, and lie inside the
//! time that process existed. A child cannot claim work it did not do while it ran.
//!
//! Nor can the worker function speak for the toolkit: the parent hands each child a fresh
//! random key on its stdin, which the worker entry reads (and so takes out of the pipe) before
//! the function runs, and every message carries it. A line printed by the function that looks
//! like a message is refused as forged evidence, and each message starts on a line of its own,
//! so an unfinished line printed just before cannot swallow it.
//!
//! Test binaries have no `main` of their own, so a test file declares its entry with
//! [`worker_entry!`](crate::worker_entry) and the child is started with a filter that runs
//! just that entry.

use crate::timeline::{Runner, Source, Span};
use crate::{Timeline, clock};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::io::{self, BufRead, BufReader, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::Duration;

/// The environment variable naming the worker role; its presence makes a process a worker.
pub const ROLE_VAR: &str = "COURSE_WORKER_ROLE";
/// The environment variable holding the task's name, e.g. `Task-0`.
pub const TASK_VAR: &str = "COURSE_WORKER_TASK";
/// The environment variable holding the worker's input, as JSON.
pub const INPUT_VAR: &str = "COURSE_WORKER_INPUT";
/// The name of the test that [`worker_entry!`](crate::worker_entry) declares.
pub const TEST_ENTRY: &str = "course_worker_entry";

/// Lines on the child's stdout that start with this and the child's key are messages for the
/// parent; every other line is the child's own output and is passed on.
const PREFIX: &str = "@@course-worker ";

/// A fresh key for one child: 128 random bits (std's per-instance SipHash keys), as hex.
fn fresh_key() -> String {
    let (a, b) = (RandomState::new(), RandomState::new());
    format!("{:016x}{:016x}", a.hash_one(1u8), b.hash_one(2u8))
}

/// A role's function with its typing peeled off: JSON in, JSON (or an error message) out.
type JsonFn = dyn Fn(&str) -> Result<String, String>;

/// One role a worker process can play: a name and a typed function. Make one with [`role`].
pub struct Role {
    name: &'static str,
    run: Box<JsonFn>,
}

impl fmt::Debug for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Role").field("name", &self.name).finish()
    }
}

/// The role `name`, played by `work`: the child reads its input as an `I`, and sends its
/// result home as an `O`.
pub fn role<I, O>(name: &'static str, work: fn(I) -> Result<O, String>) -> Role
where
    I: DeserializeOwned + 'static,
    O: Serialize + 'static,
{
    Role {
        name,
        run: Box::new(move |json| {
            let input: I = serde_json::from_str(json)
                .map_err(|e| format!("the input {json:?} is not what `{name}` takes: {e}"))?;
            let output = work(input)?;
            serde_json::to_string(&output).map_err(|e| format!("the result cannot be sent: {e}"))
        }),
    }
}

/// A span as it travels from child to parent: times on the machine-wide clock.
#[derive(Serialize, Deserialize)]
struct WireSpan {
    label: String,
    start_ns: u64,
    end_ns: u64,
    runner: Runner,
}

/// If this process was started as a worker, runs the named role and **exits**; otherwise
/// returns at once. Call it at the very top of `main`, before parsing arguments.
pub fn serve_if_worker(roles: &[Role]) {
    let Ok(role) = std::env::var(ROLE_VAR) else {
        return;
    };
    let task = std::env::var(TASK_VAR).unwrap_or_else(|_| role.clone());
    let input = std::env::var(INPUT_VAR).unwrap_or_else(|_| "null".into());
    // The parent's key for this child, read before the worker function runs: the pipe is
    // then empty, so the function cannot learn it and sign messages of its own.
    let mut key = String::new();
    let _ = io::stdin().lock().read_line(&mut key);
    let wire = Wire {
        key: key.trim().to_owned(),
    };
    wire.send("start", &"");

    let Some(found) = roles.iter().find(|r| r.name == role) else {
        let known: Vec<_> = roles.iter().map(|r| r.name).collect();
        eprintln!("unknown worker role `{role}`; this program knows: {known:?}");
        std::process::exit(70);
    };
    let mut runner = Runner::current();
    if runner.thread_name.as_deref() == Some(TEST_ENTRY) {
        // In a test binary the worker runs on the harness's thread for the entry "test";
        // to a reader it is the child's main thread.
        runner.thread_name = Some("main".into());
    }
    let start = clock::monotonic();
    let result = (found.run)(&input);
    let end = clock::monotonic();
    wire.send(
        "span",
        &WireSpan {
            label: task.clone(),
            start_ns: start.as_nanos() as u64,
            end_ns: end.as_nanos() as u64,
            runner,
        },
    );
    match result {
        Ok(output) => {
            wire.send("result", &output);
            std::process::exit(0);
        }
        Err(message) => {
            eprintln!("{task}: {message}");
            std::process::exit(1);
        }
    }
}

/// The worker's end of the wire to its parent: every message carries the parent's key.
struct Wire {
    key: String,
}

impl Wire {
    /// Writes one message for the parent. It starts with a newline: if the worker function
    /// left a line unfinished, that line ends there instead of swallowing the message.
    fn send(&self, kind: &str, payload: &impl Serialize) {
        let json = serde_json::to_string(payload).expect("worker messages are plain data");
        let mut out = io::stdout().lock();
        let _ = write!(out, "\n{PREFIX}{} {kind} {json}\n", self.key);
        let _ = out.flush();
    }
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
            $crate::worker::serve_if_worker(&[$($crate::worker::role($role, $work)),*]);
        }
    };
}

/// How to start one worker. Build it, then [`spawn`](WorkerCommand::spawn) it.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    role: String,
    task: String,
    input: String,
    relay: bool,
}

impl WorkerCommand {
    /// A worker that will run `role`. Its task name defaults to the role.
    pub fn new(role: &str) -> Self {
        Self {
            role: role.into(),
            task: role.into(),
            input: "null".into(),
            relay: true,
        }
    }

    /// Names the task, e.g. `Task-0`: errors and spans carry this name.
    pub fn task(mut self, task: &str) -> Self {
        self.task = task.into();
        self
    }

    /// The input handed to the worker function: any value serde can write.
    pub fn input(mut self, input: &impl Serialize) -> Self {
        self.input = serde_json::to_string(input).expect("a worker's input is plain data");
        self
    }

    /// Whether the child's own printed lines are passed on to our stdout/stderr as they come
    /// (default: yes). They are collected in the report either way.
    pub fn relay(mut self, relay: bool) -> Self {
        self.relay = relay;
        self
    }

    /// Starts the child process — this executable again, in the worker role — whose task
    /// will be recorded on `timeline` when it is waited for.
    pub fn spawn(self, timeline: &Timeline) -> io::Result<Worker> {
        let exe = std::env::current_exe()?;
        let spawned_at = clock::monotonic();
        let key = fresh_key();
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
            // A worker that fails shows its own message, not a backtrace of the harness.
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        // The key, then end of input. A few bytes fit the pipe's buffer, so this never
        // blocks; a child that died at once makes it fail, which its wait reports.
        if let Some(mut stdin) = child.stdin.take() {
            let _ = writeln!(stdin, "{key}");
        }
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let relay = self.relay;
        Ok(Worker {
            task: self.task,
            pid: child.id(),
            spawned_at,
            timeline: timeline.clone(),
            child: Some(child),
            stdout: Some(std::thread::spawn(move || read_stdout(stdout, &key, relay))),
            stderr: Some(std::thread::spawn(move || read_stderr(stderr, relay))),
        })
    }
}

/// What the child said on stdout.
#[derive(Default)]
struct Collected {
    started: bool,
    lines: Vec<String>,
    spans: Vec<WireSpan>,
    result: Option<String>,
    /// Lines the worker function printed that look like messages: forged evidence.
    forged: Vec<String>,
}

fn read_stdout(out: impl io::Read, key: &str, relay: bool) -> Collected {
    let mut got = Collected::default();
    let signed = format!("{PREFIX}{key} ");
    // Each message is written after a newline of its own; that empty line is not the child's.
    let mut blank_held = false;
    for line in BufReader::new(out).lines().map_while(Result::ok) {
        if let Some(msg) = line.strip_prefix(&signed) {
            blank_held = false;
            let (kind, json) = msg.split_once(' ').unwrap_or((msg, ""));
            match kind {
                "start" => got.started = true,
                "span" => got.spans.extend(serde_json::from_str(json).ok()),
                "result" => got.result = serde_json::from_str(json).ok(),
                _ => {}
            }
            continue;
        }
        if !got.started {
            continue; // the test harness's own lines ("running 1 test")
        }
        if line.contains(PREFIX.trim_end()) {
            got.forged.push(line.clone());
        }
        if std::mem::replace(&mut blank_held, line.is_empty()) {
            got.lines.push(String::new());
        }
        if line.is_empty() {
            continue;
        }
        if relay {
            println!("{line}");
        }
        got.lines.push(line);
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
    spawned_at: Duration,
    timeline: Timeline,
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

    /// Waits for the child to exit, checks what it sent, records its task on the timeline
    /// it was spawned with, and returns its report.
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
        let reaped_at = clock::monotonic();
        let error = |kind| WorkerError {
            task: self.task.clone(),
            pid: self.pid,
            stderr: stderr.clone(),
            kind,
        };
        let status = status.map_err(|e| error(ErrorKind::Wait(e.to_string())))?;
        if let Some(line) = got.forged.first() {
            return Err(error(ErrorKind::BadEvidence(format!(
                "the worker function printed a line that imitates the toolkit's messages \
                 ({line:?}), which only the toolkit can sign"
            ))));
        }
        let spans = self.checked_spans(&got.spans, reaped_at).map_err(error)?;
        for span in &spans {
            self.timeline.push(span.clone());
        }
        if !status.success() {
            return Err(error(ErrorKind::Failed(status)));
        }
        match got.result {
            Some(output) => Ok(WorkerReport {
                task: self.task.clone(),
                pid: self.pid,
                output,
                spans,
                lines: got.lines,
            }),
            None => Err(error(ErrorKind::NoResult)),
        }
    }

    /// The child's spans, each checked against what the parent knows: the PID it spawned
    /// and the time that process existed. Lined up on the parent's timeline.
    fn checked_spans(
        &self,
        sent: &[WireSpan],
        reaped_at: Duration,
    ) -> Result<Vec<Span>, ErrorKind> {
        let Some(origin) = self.timeline.machine_origin() else {
            return Ok(Vec::new()); // a tokio-clock timeline cannot hold real-time spans
        };
        let mut spans = Vec::new();
        for w in sent {
            let (start, end) = (
                Duration::from_nanos(w.start_ns),
                Duration::from_nanos(w.end_ns),
            );
            if w.runner.pid != self.pid {
                return Err(ErrorKind::BadEvidence(format!(
                    "a span `{}` claims PID {}, but this worker is PID {}",
                    w.label, w.runner.pid, self.pid
                )));
            }
            if start < self.spawned_at || end > reaped_at || start > end {
                return Err(ErrorKind::BadEvidence(format!(
                    "a span `{}` claims times outside the life of its process",
                    w.label
                )));
            }
            spans.push(Span::new(
                w.label.clone(),
                start.saturating_sub(origin),
                end.saturating_sub(origin),
                w.runner.clone(),
                Source::Worker,
            ));
        }
        Ok(spans)
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

/// What a worker sent back when it succeeded. Only [`Worker::wait`] makes one.
#[derive(Debug, Clone)]
pub struct WorkerReport {
    task: String,
    pid: u32,
    output: String,
    spans: Vec<Span>,
    lines: Vec<String>,
}

impl WorkerReport {
    /// The task's name.
    pub fn task(&self) -> &str {
        &self.task
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The worker function's result, read back as a `T`.
    pub fn output<T: DeserializeOwned>(&self) -> Result<T, WorkerError> {
        serde_json::from_str(&self.output).map_err(|e| WorkerError {
            task: self.task.clone(),
            pid: self.pid,
            stderr: String::new(),
            kind: ErrorKind::BadOutput(format!("{e} (it sent {})", self.output)),
        })
    }

    /// The spans the child recorded, checked and on the parent's clock (they are on the
    /// timeline already).
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// The lines the child printed.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }
}

/// Why a worker did not deliver a result. Its message always names the task. Only the
/// toolkit makes one: a `WorkerError` in hand means a real process really failed.
#[derive(Debug)]
pub struct WorkerError {
    task: String,
    pid: u32,
    stderr: String,
    kind: ErrorKind,
}

/// What went wrong with a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Waiting for the child failed at the operating-system level.
    Wait(String),
    /// The child exited with a non-zero status, or was killed by a signal.
    Failed(ExitStatus),
    /// The child exited cleanly but never sent a result.
    NoResult,
    /// The result was not the type the parent asked for.
    BadOutput(String),
    /// The child sent a span it could not have recorded.
    BadEvidence(String),
}

impl WorkerError {
    /// The name of the task that failed.
    pub fn task(&self) -> &str {
        &self.task
    }

    /// The PID of the process that failed (one the toolkit spawned).
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// What the child wrote to stderr.
    pub fn stderr(&self) -> &str {
        &self.stderr
    }
}

impl fmt::Display for WorkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (task, pid) = (&self.task, self.pid);
        match &self.kind {
            ErrorKind::Wait(e) => write!(f, "{task} (PID {pid}) could not be waited for: {e}"),
            ErrorKind::Failed(status) => write!(f, "{task} (PID {pid}) failed: {status}"),
            ErrorKind::NoResult => write!(
                f,
                "{task} (PID {pid}) exited without sending a result (does the program call \
                 toolkit::worker::serve_if_worker first thing, or the test file declare \
                 toolkit::worker_entry!?)"
            ),
            ErrorKind::BadOutput(e) => write!(
                f,
                "{task} (PID {pid}) sent a result of the wrong type: {e}. Read it back with \
                 `report.output::<T>()` using the T the worker function returns"
            ),
            ErrorKind::BadEvidence(e) => write!(
                f,
                "{task} (PID {pid}) sent bad evidence: {e}. Only the toolkit's worker entry \
                 writes worker messages: print nothing that starts with `{}`",
                PREFIX.trim_end()
            ),
        }
    }
}

impl std::error::Error for WorkerError {}
