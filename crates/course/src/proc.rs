//! Child processes that cannot outlive the tool, hang it, or fill its memory.
//!
//! Every child runs in a process group of its own. When it ends — by itself, at its
//! deadline, or on Ctrl-C — the whole group is killed, and so is every process that left
//! the group: the tool is a *child subreaper* (`prctl(PR_SET_CHILD_SUBREAPER)`), so an
//! orphaned grandchild (`setsid`, a double fork) is re-parented to us instead of to PID 1,
//! and [`sweep_orphans`] kills it. We stop waiting for pipes shortly after the child exits
//! (a `sleep 90 &` that inherited them cannot hold the tool), and keep at most
//! [`OUTPUT_CAP`] bytes of each stream (the rest is read and dropped).
//!
//! Ctrl-C while a child runs sets a flag instead of killing the tool at once: the wait
//! loop sees it, kills the child's tree, and the command ends with exit code 130. With
//! no child running, Ctrl-C keeps its default effect.

use crate::error::{Context, Fail, Result};
use rustix::process::{Pid, Signal, WaitOptions};
use std::collections::BTreeSet;
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Bytes kept of each output stream of a child; what comes after is read and dropped.
pub const OUTPUT_CAP: usize = 1 << 20;

/// How long we wait for a finished child's pipes to close before killing what holds them.
const PIPE_GRACE: Duration = Duration::from_millis(300);

/// The signal flags and the set of children we are waiting for.
struct Signals {
    interrupted: Arc<AtomicBool>,
    /// True while no child runs: then Ctrl-C does what it always does.
    idle: Arc<AtomicBool>,
    running: AtomicUsize,
    live: Mutex<BTreeSet<u32>>,
}

fn signals() -> &'static Signals {
    static SIGNALS: OnceLock<Signals> = OnceLock::new();
    SIGNALS.get_or_init(|| {
        let s = Signals {
            interrupted: Arc::new(AtomicBool::new(false)),
            idle: Arc::new(AtomicBool::new(true)),
            running: AtomicUsize::new(0),
            live: Mutex::new(BTreeSet::new()),
        };
        // Orphans of our children come to us, not to PID 1 (see `sweep_orphans`).
        let _ = rustix::process::set_child_subreaper(Some(rustix::process::getpid()));
        for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            let _ = signal_hook::flag::register_conditional_default(sig, Arc::clone(&s.idle));
            let _ = signal_hook::flag::register(sig, Arc::clone(&s.interrupted));
        }
        s
    })
}

/// Has the user pressed Ctrl-C (or was the tool sent SIGTERM) while a child ran?
pub fn interrupted() -> bool {
    signals().interrupted.load(Ordering::SeqCst)
}

/// The error of a command stopped by Ctrl-C: exit code 130, like a shell's.
pub fn interrupted_error() -> Fail {
    Fail {
        code: 130,
        message: "interrupted: every process the command started was stopped".into(),
    }
}

/// How a child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// It exited with this code.
    Exited(i32),
    /// A signal ended it (a crash, or a kill from outside).
    Signalled(i32),
    /// It ran past its limit and was killed, with everything it started.
    TimedOut,
    /// Ctrl-C: it was killed, with everything it started.
    Interrupted,
}

/// What a child printed (at most [`OUTPUT_CAP`] bytes each), and how it ended.
#[derive(Debug, Clone)]
pub struct Captured {
    /// How it ended.
    pub ending: Ending,
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
    /// Did either stream go past the cap (the rest was dropped)?
    pub truncated: bool,
}

impl Captured {
    /// Did it exit with status 0?
    pub fn success(&self) -> bool {
        self.ending == Ending::Exited(0)
    }
}

/// One output stream, read on a thread of its own into a capped buffer.
struct Stream {
    buf: Arc<Mutex<(Vec<u8>, bool)>>,
    done: Arc<AtomicBool>,
}

impl Stream {
    fn read(mut pipe: impl Read + Send + 'static, cap: usize) -> Stream {
        let buf = Arc::new(Mutex::new((Vec::new(), false)));
        let done = Arc::new(AtomicBool::new(false));
        let (b, d) = (Arc::clone(&buf), Arc::clone(&done));
        std::thread::spawn(move || {
            let mut chunk = [0u8; 16 * 1024];
            while let Ok(n) = pipe.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                let mut guard = b.lock().unwrap_or_else(|e| e.into_inner());
                let room = cap.saturating_sub(guard.0.len());
                guard.0.extend_from_slice(&chunk[..n.min(room)]);
                guard.1 |= n > room;
            }
            d.store(true, Ordering::SeqCst);
        });
        Stream { buf, done }
    }

    fn take(&self) -> (String, bool) {
        let guard = self.buf.lock().unwrap_or_else(|e| e.into_inner());
        (String::from_utf8_lossy(&guard.0).into_owned(), guard.1)
    }
}

/// A child being waited for.
pub struct Running {
    child: Child,
    out: Stream,
    err: Stream,
    started: Instant,
    limit: Duration,
    program: String,
    finished: bool,
}

impl Running {
    /// Starts `cmd` in a process group of its own, stdin closed, output captured (at most
    /// [`OUTPUT_CAP`] bytes of each stream).
    pub fn start(cmd: Command, limit: Duration) -> Result<Running> {
        Self::start_capped(cmd, limit, OUTPUT_CAP)
    }

    /// [`Running::start`], keeping at most `cap` bytes of each stream.
    pub fn start_capped(mut cmd: Command, limit: Duration, cap: usize) -> Result<Running> {
        let s = signals();
        let program = format!("{:?}", cmd.get_program());
        cmd.process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        s.running.fetch_add(1, Ordering::SeqCst);
        s.idle.store(false, Ordering::SeqCst);
        // Spawned and registered under one lock: `sweep_orphans` (in another thread, at the
        // end of another run) scans our children under the same lock, so it can never take
        // this child for an escaped orphan between its spawn and its registration, and kill
        // and reap it (the owner's wait would then fail with "No child processes").
        let mut live = lock_live();
        let mut child = match cmd.spawn() {
            Ok(child) => child,
            Err(e) => {
                drop(live);
                release();
                return Err(Fail::failure(format!("starting {program}: {e}")));
            }
        };
        live.insert(child.id());
        drop(live);
        let out = Stream::read(child.stdout.take().expect("piped stdout"), cap);
        let err = Stream::read(child.stderr.take().expect("piped stderr"), cap);
        Ok(Running {
            child,
            out,
            err,
            started: Instant::now(),
            limit,
            program,
            finished: false,
        })
    }

    /// `Some` once the child ended (or was killed at its deadline or on Ctrl-C); never blocks
    /// for long.
    pub fn try_finish(&mut self) -> Result<Option<Captured>> {
        if self.finished {
            return Err(Fail::failure(format!(
                "{} was already waited for",
                self.program
            )));
        }
        let status = self
            .child
            .try_wait()
            .context(|| format!("waiting for {}", self.program))?;
        let ending = match status {
            Some(status) => ending_of(status),
            None if interrupted() => {
                self.kill();
                Ending::Interrupted
            }
            None if self.started.elapsed() >= self.limit => {
                self.kill();
                Ending::TimedOut
            }
            None => return Ok(None),
        };
        self.finished = true;
        Ok(Some(self.collect(ending)))
    }

    /// Waits until the child ends, its deadline passes, or Ctrl-C.
    pub fn finish(mut self) -> Result<Captured> {
        loop {
            if let Some(done) = self.try_finish()? {
                return Ok(done);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn kill(&mut self) {
        kill_group(self.child.id());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// After the child ended: kill what is left of its group, stop waiting for pipes held
    /// by escaped descendants, and kill those too.
    fn collect(&mut self, ending: Ending) -> Captured {
        kill_group(self.child.id());
        lock_live().remove(&self.child.id());
        let closed =
            || self.out.done.load(Ordering::SeqCst) && self.err.done.load(Ordering::SeqCst);
        let until = Instant::now() + PIPE_GRACE;
        while !closed() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
        sweep_orphans();
        let until = Instant::now() + PIPE_GRACE;
        while !closed() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
        release();
        let (stdout, t1) = self.out.take();
        let (stderr, t2) = self.err.take();
        Captured {
            ending,
            stdout,
            stderr,
            truncated: t1 || t2,
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if !self.finished {
            self.kill();
            self.finished = true;
            let _ = self.collect(Ending::Interrupted);
        }
    }
}

/// Runs `cmd` to its end, or to `limit`, or to Ctrl-C (see the module's documentation).
pub fn run(cmd: Command, limit: Duration) -> Result<Captured> {
    Running::start(cmd, limit)?.finish()
}

/// [`run`], keeping at most `cap` bytes of each stream: for the course's own cargo calls, whose
/// JSON messages outgrow [`OUTPUT_CAP`], never for student code.
pub fn run_capped(cmd: Command, limit: Duration, cap: usize) -> Result<Captured> {
    Running::start_capped(cmd, limit, cap)?.finish()
}

fn release() {
    let s = signals();
    if s.running.fetch_sub(1, Ordering::SeqCst) == 1 {
        s.idle.store(true, Ordering::SeqCst);
    }
}

fn lock_live() -> std::sync::MutexGuard<'static, BTreeSet<u32>> {
    signals().live.lock().unwrap_or_else(|e| e.into_inner())
}

fn ending_of(status: ExitStatus) -> Ending {
    match (status.code(), status.signal()) {
        (Some(code), _) => Ending::Exited(code),
        (None, Some(sig)) => Ending::Signalled(sig),
        (None, None) => Ending::Signalled(0),
    }
}

fn kill_group(pgid: u32) {
    if let Some(pid) = i32::try_from(pgid).ok().and_then(Pid::from_raw) {
        let _ = rustix::process::kill_process_group(pid, Signal::KILL);
    }
}

/// A child of the course's own (git, mdBook): trusted, so no time limit or output cap, but
/// spawned and registered under the lock that [`sweep_orphans`] scans under, like every
/// [`Running`] child. Without that, a sweep at the end of a test run on another thread could
/// take it for an escaped orphan, kill it and reap it, and its owner's wait would fail with
/// "No child processes". Unregistered when dropped.
pub struct OwnChild {
    child: Option<Child>,
    pid: u32,
}

impl OwnChild {
    /// Spawns `cmd` (its stdio as the caller set it) and registers it.
    pub fn spawn(cmd: &mut Command) -> std::io::Result<OwnChild> {
        let mut live = lock_live();
        let child = cmd.spawn()?;
        let pid = child.id();
        live.insert(pid);
        Ok(OwnChild {
            child: Some(child),
            pid,
        })
    }

    /// The child, to take its pipes.
    pub fn child(&mut self) -> &mut Child {
        self.child
            .as_mut()
            .expect("an OwnChild holds its child until it is waited for")
    }

    /// Waits for it and collects its output, as [`Child::wait_with_output`].
    pub fn wait_with_output(mut self) -> std::io::Result<std::process::Output> {
        let child = self
            .child
            .take()
            .expect("an OwnChild holds its child until it is waited for");
        child.wait_with_output()
    }
}

impl Drop for OwnChild {
    fn drop(&mut self) {
        // Reaped by now (wait_with_output), or still ours to wait for through `child`.
        if let Some(mut child) = self.child.take() {
            let _ = child.wait();
        }
        lock_live().remove(&self.pid);
    }
}

/// `cmd.output()` for the course's own programs (git, mdBook): registered, see [`OwnChild`].
pub fn own_output(cmd: &mut Command) -> std::io::Result<std::process::Output> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    OwnChild::spawn(cmd)?.wait_with_output()
}

/// `cmd.status()` for the course's own programs, their output on ours: see [`OwnChild`].
pub fn own_status(cmd: &mut Command) -> std::io::Result<ExitStatus> {
    OwnChild::spawn(cmd)?.child().wait()
}

/// Kills, and reaps, every process re-parented to us that is not a child we wait for:
/// what escaped a finished child's process group. Repeated until none is left, since each
/// kill can orphan more.
pub fn sweep_orphans() {
    for _ in 0..20 {
        let me = std::process::id();
        // Held while scanning and killing: no child can be spawned (and not yet registered)
        // meanwhile; see `Running::start`.
        let live = lock_live();
        let orphans: Vec<u32> = children_of(me)
            .into_iter()
            .filter(|pid| !live.contains(pid))
            .collect();
        if orphans.is_empty() {
            return;
        }
        for pid in orphans {
            if let Some(p) = i32::try_from(pid).ok().and_then(Pid::from_raw) {
                let _ = rustix::process::kill_process_group(p, Signal::KILL);
                let _ = rustix::process::kill_process(p, Signal::KILL);
                let _ = rustix::process::waitpid(Some(p), WaitOptions::empty());
            }
        }
    }
}

/// The processes whose parent is `parent`, from `/proc/*/stat`.
fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    // pid (comm) state ppid …; comm may hold spaces and parentheses.
                    let rest = &stat[stat.rfind(')')? + 1..];
                    rest.split_whitespace().nth(1)?.parse::<u32>().ok()
                })
                == Some(parent)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hanging_child_is_killed_at_the_timeout() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "sleep 30 & wait"]);
        let started = Instant::now();
        let out = run(cmd, Duration::from_millis(200)).unwrap();
        assert_eq!(out.ending, Ending::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_grandchild_holding_the_pipes_does_not_hold_us() {
        let mut cmd = Command::new("sh");
        // The grandchild leaves the process group and keeps stdout open.
        cmd.args(["-c", "setsid sleep 60 & echo done"]);
        let started = Instant::now();
        let out = run(cmd, Duration::from_secs(20)).unwrap();
        assert!(out.success(), "{out:?}");
        assert!(out.stdout.contains("done"));
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn output_is_capped() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "head -c 5000000 /dev/zero"]);
        let out = run(cmd, Duration::from_secs(20)).unwrap();
        assert!(out.truncated);
        assert_eq!(out.stdout.len(), OUTPUT_CAP);
    }

    #[test]
    fn a_larger_cap_keeps_everything_below_it() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "head -c 5000000 /dev/zero"]);
        let out = run_capped(cmd, Duration::from_secs(20), 8 << 20).unwrap();
        assert!(!out.truncated);
        assert_eq!(out.stdout.len(), 5_000_000);
    }
}
