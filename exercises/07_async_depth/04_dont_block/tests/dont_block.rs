//! Checks `digest_files`: while it reads files from a slow disk and hashes them, the
//! runtime's thread stays free — a heartbeat on the same one-thread runtime keeps beating.
//!
//! Why real time here, unlike the other async tests: a blocking call (a read that waits on
//! the disk, a long computation) does not move tokio's paused clock, so under paused time a
//! stall would last zero. So these tests run a `current_thread` runtime (one thread, like
//! asyncio's event loop) on the real clock, with the toolkit's stall detector
//! (`toolkit::stall`): a heartbeat every 5 ms whose gaps, minus the time the thread waited
//! for a core (the machine's load), are the time the runtime was held by the code it ran.
//!
//! The "slow disk": each file is a named pipe (FIFO). A writer thread of the test waits until
//! your code opens it, then takes 250 ms (recorded by the test's probe as `disk <name>`)
//! before it writes the content: a blocking read of it really blocks for 250 ms. The hash is
//! `toolkit::cpu::spin_recorded`, about 150 ms of CPU time recorded by the toolkit (evidence:
//! label, thread, CPU time). A right solution holds the runtime for next to nothing; a read
//! or a hash left on it holds it for 150 ms or more, on a loaded machine too.

use dont_block::{Digest, digest_files};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;
use toolkit::sched::ThreadTimes;
use toolkit::stall::StallDetector;
use toolkit::watchdog::watchdog;
use toolkit::{Probe, Runner, Source, Timeline};

const DISK: Duration = Duration::from_millis(250);
const HASH: Duration = Duration::from_millis(150);
const BEAT: Duration = Duration::from_millis(5);
/// The longest stall a right solution may show: far above what a free runtime shows on a
/// busy machine (a few ms), far below a read (250 ms) or a hash (150 ms of CPU) left on it.
const LONGEST: Duration = Duration::from_millis(60);
/// All stalls together: a polling loop that sleeps (blocking) between checks adds up.
const TOTAL: Duration = Duration::from_millis(100);
/// The CPU time the runtime's own thread may use: an idle runtime needs a few ms on a quiet
/// machine, but 62 ms was measured for the reference on a loaded 2-core CI machine (about 180
/// heartbeats, each reading the kernel's counters; on a virtual machine, time the host takes
/// the core away can count as the thread's). One hash is about 150 ms of CPU whatever the
/// load, and every wrong solution that computes on the runtime does at least one.
const RUNTIME_CPU: Duration = Duration::from_millis(100);
const HANG: &str = "is a read waiting forever? Read each file exactly once (a named pipe can \
                    be read only once), and await every handle you spawn";
const MOVE_IT: &str = "move the blocking part off the runtime's thread: \
                       `tokio::task::spawn_blocking(move || std::fs::read_to_string(path))` (or \
                       tokio::fs::read_to_string, which does that for you) for the read, and \
                       `spawn_blocking` for the hash, then `.await` the handle. A plain \
                       tokio::spawn, a std thread you join, or a std channel you recv() on \
                       blocks just the same";

/// The `spin` rounds of about `HASH` of **CPU time**, measured once per test binary. CPU
/// time, not wall time: on a busy machine a wall-clock calibration comes out short (the
/// thread waits for a core), and a hash left on the runtime could then hold it too briefly
/// to tell. CPU time is what the hash costs whatever the load.
fn rounds() -> u64 {
    static ROUNDS: OnceLock<u64> = OnceLock::new();
    *ROUNDS.get_or_init(|| {
        let cpu_of = |n: u64| {
            let before = ThreadTimes::now();
            let wall = std::time::Instant::now();
            toolkit::cpu::spin(n);
            // Where schedstat is missing, wall time stands in (an idle machine's answer).
            match (before, ThreadTimes::now()) {
                (Some(a), Some(b)) => b.since(&a).cpu,
                _ => wall.elapsed(),
            }
        };
        let mut n: u64 = 1 << 16;
        let mut took = cpu_of(n);
        while took < Duration::from_millis(25) && n < 1 << 40 {
            n *= 4;
            took = cpu_of(n);
        }
        ((n as f64) * HASH.as_secs_f64() / took.as_secs_f64().max(1e-6)) as u64
    })
}

thread_local! {
    /// How long this thread has spent parked by tokio (idle, waiting for an event or a
    /// timer), and since when it has been parked, if it is.
    static PARKED: std::cell::Cell<(Duration, Option<std::time::Instant>)> =
        const { std::cell::Cell::new((Duration::ZERO, None)) };
}

/// This thread's total time parked by tokio so far.
fn parked_so_far() -> Duration {
    PARKED.with(|p| p.get().0)
}

/// Runs `body` on a one-thread runtime, like asyncio's event loop, under the watchdog. A
/// panic from tokio itself (it refuses some blocking calls on such a runtime) becomes a
/// message that says what to do instead.
fn on_one_thread<T: Send + 'static>(body: impl Future<Output = T> + Send + 'static) -> T {
    watchdog(Duration::from_secs(10), HANG, move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            // The runtime's thread notes the time it spends idle in tokio's park: any other
            // time off a core, neither running nor queued for one, was spent blocked in a
            // call of the code under test.
            .on_thread_park(|| PARKED.with(|p| p.set((p.get().0, Some(std::time::Instant::now())))))
            .on_thread_unpark(|| {
                PARKED.with(|p| {
                    let (total, since) = p.get();
                    p.set((total + since.map_or(Duration::ZERO, |t| t.elapsed()), None));
                })
            })
            .build()
            .expect("a tokio runtime");
        match std::panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(body))) {
            Ok(value) => value,
            Err(panic) => {
                let text = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or_default()
                    .to_owned();
                // The test's own failures (they start with ✗) pass through unchanged.
                if text.trim_start().starts_with('✗') {
                    std::panic::resume_unwind(panic);
                }
                panic!(
                    "\n✗ digest_files made tokio panic: \"{text}\"\n  hint: this is a \
                     one-thread runtime, like asyncio's event loop: block_in_place works only \
                     on a multi-threaded runtime (it hands the runtime's other tasks to \
                     another worker, and here there is none), and Handle::block_on cannot run \
                     inside the runtime. Use tokio::task::spawn_blocking and `.await` its \
                     handle."
                );
            }
        }
    })
}

/// A fresh, empty folder for one test's files.
fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dont_block-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// A file's content: `n` bytes, different for every file.
fn content(name: &str, n: usize) -> String {
    name.chars().cycle().take(n).collect()
}

/// Makes `dir/name` a named pipe on a "slow disk": a thread waits until a reader opens it,
/// takes `DISK` (recorded as `disk <name>`), then writes `text` and closes it.
fn slow_file(dir: &Path, name: &str, text: String, probe: &Probe) -> PathBuf {
    let path = dir.join(name);
    let made = std::process::Command::new("mkfifo").arg(&path).status();
    assert!(
        matches!(made, Ok(s) if s.success()),
        "the test could not make a named pipe with `mkfifo` ({made:?}): this test needs Linux \
         or macOS with coreutils"
    );
    let (probe, label, at) = (probe.clone(), format!("disk {name}"), path.clone());
    std::thread::spawn(move || {
        use std::io::Write;
        // Opening a pipe for writing waits for its reader: the disk starts when you read.
        let Ok(mut pipe) = std::fs::OpenOptions::new().write(true).open(&at) else {
            return;
        };
        probe.record(label, || std::thread::sleep(DISK));
        let _ = pipe.write_all(text.as_bytes());
    });
    path
}

/// The right digests of `files` (each a name and its length in characters, as `content`
/// makes it): `bytes` is the length in bytes, which differs for a name that is not ASCII.
fn expected(files: &[(&str, usize)], rounds: u64) -> Vec<Digest> {
    files
        .iter()
        .map(|&(name, n)| {
            let bytes = content(name, n).len();
            Digest {
                name: name.to_owned(),
                bytes,
                hash: toolkit::cpu::spin(rounds + bytes as u64),
            }
        })
        .collect()
}

#[test]
fn the_runtime_keeps_running_while_files_are_read_and_hashed() {
    let rounds = rounds();
    on_one_thread(async move {
        let (timeline, probe) = Timeline::with_probe();
        let dir = scratch("slow");
        let files = [("a.txt", 700), ("b.txt", 1_900)];
        let paths: Vec<PathBuf> = files
            .iter()
            .map(|&(name, n)| slow_file(&dir, name, content(name, n), &probe))
            .collect();
        let runtime_thread = Runner::current().thread_id;

        let detector = StallDetector::start(&timeline, BEAT);
        tokio::time::sleep(BEAT * 3).await;
        let start = timeline.now();
        let (wall, parked, times) = (
            std::time::Instant::now(),
            parked_so_far(),
            ThreadTimes::now(),
        );
        let digests = digest_files(&timeline, paths, rounds).await;
        let window = start..timeline.now();
        let (wall, parked) = (wall.elapsed(), parked_so_far() - parked);
        let times = times.zip(ThreadTimes::now()).map(|(a, b)| b.since(&a));
        let report = detector.stop().await;
        let _ = std::fs::remove_dir_all(&dir);

        report
            .expect_longest_below(LONGEST, MOVE_IT)
            .expect_cpu_below(
                RUNTIME_CPU,
                "hash on tokio's blocking pool with spawn_blocking, and `.await` its handle: \
                 slicing the work and yielding in between still computes on the runtime's \
                 thread, and so does a busy wait (checking is_finished() in a loop with \
                 yield_now, or a short std::thread::sleep, in between)",
            )
            .expect_total_below(
                TOTAL,
                "await the spawn_blocking handle and nothing else: a std::thread::sleep, a \
                 spin or a blocking wait between awaits (even a short one, in a polling loop) \
                 stops every other task on this thread",
            );
        // Off a core, yet neither idle in tokio's park nor queued for a core: blocked in a
        // call. (Time queued while parked counts twice here, so this errs toward zero.)
        if let Some(times) = times {
            let blocked = wall
                .saturating_sub(parked)
                .saturating_sub(times.cpu)
                .saturating_sub(times.queued);
            timeline.query().expect(
                blocked < TOTAL,
                &format!(
                    "the runtime's thread spent {} of the call's {} blocked: off a core, but \
                     neither idle in tokio's park (waiting for an event) nor waiting for a core. \
                     Short blocking waits between awaits (a std::thread::sleep in a polling loop, \
                     a blocking recv with a timeout) keep each stall short, but the thread still \
                     sleeps instead of running tasks",
                    toolkit::format::fmt_duration(blocked),
                    toolkit::format::fmt_duration(wall)
                ),
                "`.await` the spawn_blocking handle: the task sleeps in tokio's park and is woken \
                 when the work is done. Never poll is_finished() with a sleep in between",
            );
        }

        let q = timeline.query();
        let hashes = q.from_source(Source::Cpu);
        for &(name, _) in &files {
            let label = format!("hash {name}");
            let found = hashes.labelled(&label);
            q.expect(
                found.len() == 1,
                &format!(
                    "the toolkit recorded {} CPU span(s) `{label}`, expected exactly 1",
                    found.len()
                ),
                "hash each file once with toolkit::cpu::spin_recorded(timeline, \"hash \
                 <name>\", rounds + bytes): the test counts the toolkit's record of the work, \
                 not a value computed some other way",
            );
        }
        hashes.expect_within(
            &window,
            "hash inside the call, and await every handle before you return",
        );
        q.expect(
            hashes
                .spans()
                .iter()
                .all(|s| s.runner.thread_id != runtime_thread),
            "a hash ran on the runtime's own thread",
            MOVE_IT,
        );
        q.expect(
            digests == expected(&files, rounds),
            &format!(
                "digest_files returned {digests:?}, expected {:?}",
                expected(&files, rounds)
            ),
            "one Digest per file, in the order given: its name, its length in bytes, and the \
             hash spin_recorded returned",
        );
    });
}

#[test]
fn every_file_gets_its_digest_in_order() {
    // "crème.txt" holds text that is not all ASCII: 21 characters, 24 bytes.
    let files = [
        ("one.txt", 10),
        ("two.txt", 0),
        ("three.txt", 333),
        ("crème.txt", 21),
    ];
    let digests = on_one_thread(async move {
        let timeline = Timeline::new();
        let dir = scratch("plain");
        let paths: Vec<PathBuf> = files
            .iter()
            .map(|&(name, n)| {
                let path = dir.join(name);
                std::fs::write(&path, content(name, n)).expect("a scratch file");
                path
            })
            .collect();
        let runtime_thread = Runner::current().thread_id;
        let digests = digest_files(&timeline, paths.clone(), 1_000).await;
        // Plain files, small ones, and few rounds: still hashed off the runtime. What the
        // test uses elsewhere (named pipes, big files) must not decide where a hash runs.
        let q = timeline.query();
        for span in q.from_source(Source::Cpu).spans() {
            let size = files
                .iter()
                .find(|(name, _)| span.label == format!("hash {name}"))
                .map_or(String::new(), |(_, n)| {
                    format!(" (a plain file of {n} bytes)")
                });
            q.expect(
                span.runner.thread_id != runtime_thread,
                &format!(
                    "`{}`{size} ran on the runtime's own thread: a hash left on the runtime \
                     for some files only (small ones, plain ones, the first ones) still stops \
                     every other task while it computes",
                    span.label
                ),
                "hash every file on the blocking pool, whatever the file's size or kind: \
                 `spawn_blocking` around spin_recorded, then `.await` the handle",
            );
        }
        // The same files again, on a fresh timeline: each is read and hashed again.
        let again = Timeline::new();
        let second = digest_files(&again, paths, 1_000).await;
        let _ = std::fs::remove_dir_all(&dir);
        let q = again.query();
        for &(name, _) in &files {
            let found = q
                .from_source(Source::Cpu)
                .labelled(&format!("hash {name}"))
                .len();
            q.expect(
                found == 1,
                &format!(
                    "called a second time with the same files, digest_files recorded {found} \
                     CPU span(s) `hash {name}` on the new call's timeline by the time it \
                     returned, expected exactly 1: a digest kept from an earlier call (a \
                     cache in a static?) is not a digest of the file as it is now, and a hash \
                     on a thread nobody awaits is not finished when the call returns"
                ),
                "hash every file on every call with spin_recorded(timeline, \"hash <name>\", \
                 rounds + bytes), on the timeline this call was given; keep nothing between \
                 calls",
            );
        }
        assert!(
            second == digests,
            "\n✗ digest_files gave {second:?} the second time, {digests:?} the first, for the \
             same files\n  hint: keep nothing between calls"
        );
        digests
    });
    let want = expected(&files, 1_000);
    // A length in characters equals the one in bytes for ASCII text only.
    let counted_chars = digests
        .iter()
        .zip(&files)
        .any(|(d, &(name, n))| d.bytes == n && content(name, n).len() != n);
    assert!(
        !counted_chars,
        "\n✗ digest_files returned {digests:?}\n  expected {want:?}\n  crème.txt holds 21 \
         characters in 24 bytes, and its digest says 21: the length was counted in characters \
         (`text.chars().count()`, what Python's len(text) gives), not in bytes\n  hint: \
         `bytes` is the file's length in bytes: `text.len()` (Python: len(data) of \
         path.read_bytes()), and the hash's rounds are rounds + bytes"
    );
    assert!(
        digests == want,
        "\n✗ digest_files returned {digests:?}\n  expected {want:?}\n  hint: one Digest per \
         file, in the order given: its file name, its length in bytes, and \
         spin_recorded(timeline, \"hash <name>\", rounds + bytes)"
    );
}

/// One file, on a multi-thread runtime with one worker: the hash still belongs on the blocking
/// pool. A worker busy hashing runs none of the tasks queued on it (more workers only spread
/// the harm), and one file blocks as much as many: neither the runtime's flavour nor the
/// number of files decides where a hash runs.
#[test]
fn one_file_on_a_multi_thread_runtime_is_hashed_off_the_worker() {
    let dir = scratch("multi");
    let path = dir.join("solo.txt");
    std::fs::write(&path, content("solo.txt", 50)).expect("a scratch file");
    let timeline = Timeline::new();
    let (clock, file) = (timeline.clone(), path.clone());
    let (worker, digests) = watchdog(Duration::from_secs(10), HANG, move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        runtime.block_on(async move {
            // With one worker, every task runs on that one thread.
            tokio::spawn(async move {
                let worker = Runner::current().thread_id;
                (worker, digest_files(&clock, vec![file], 1_000).await)
            })
            .await
            .expect("the task that ran digest_files panicked")
        })
    });
    let _ = std::fs::remove_dir_all(&dir);
    let q = timeline.query();
    for span in q.from_source(Source::Cpu).spans() {
        q.expect(
            span.runner.thread_id != worker,
            &format!(
                "`{}` ran on the worker thread of a multi-thread runtime (one worker, one \
                 file): while it computes, that worker runs none of its other tasks",
                span.label
            ),
            "hash on the blocking pool whatever the runtime's flavour and however many files \
             there are: `spawn_blocking` around spin_recorded, then `.await` the handle",
        );
    }
    let want = expected(&[("solo.txt", 50)], 1_000);
    assert!(
        digests == want,
        "\n✗ digest_files of one file returned {digests:?}, expected {want:?}\n  hint: one \
         Digest per file, even when there is only one"
    );
}
