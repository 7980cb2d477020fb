//! Checks `shared_state::download_all`: the shared progress adds up exactly (no update is
//! lost, even when dozens of threads finish at once, and every thread updated the one
//! `Progress` it was given) and — from the timeline — every file was downloaded once, inside
//! the call, on a thread of its own, every thread was joined before the call returned, and
//! the downloads overlapped, so no lock was held while waiting.
//!
//! Only the downloader's own spans count as evidence: progress made up without downloading
//! (`toolkit::io::content`), or with a `Downloader` of your own, leaves no span here.

use shared_state::{Progress, download_all};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, TryLockError};
use std::time::{Duration, Instant};
use toolkit::format::fmt_duration;
use toolkit::io::{Downloader, content};
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Runner, Timeline};

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// How long after the last download ended, besides the adds still queued for the lock,
/// `download_all` may take to return (threads waking, under load). Joining returns as soon as
/// the last thread ends; a fixed wait does not, and the tests' longest downloads differ
/// tenfold, so no guessed wait fits them all.
const JOIN_SLACK: Duration = Duration::from_millis(300);
/// How long each thread that downloads takes to end after its closure returns (the toolkit's
/// `ThreadExits`), in one test: joining waits for that, so a call that waits for its threads
/// in some other way (a count of finished files, a channel) returns while they are still
/// ending, and shows. Longer than [`JOIN_SLACK`]: a call that waits for the progress and then
/// sleeps long enough for the threads to have ended returns too late in every other test.
const LINGER: Duration = Duration::from_millis(400);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "is a lock still held? A thread waiting for a Mutex that its owner never \
                    releases waits forever (a guard kept alive while joining, perhaps?)";
/// What the given `Progress::add` takes to "redraw" (see `progress_add_is_left_as_given`).
const REDRAW: Duration = Duration::from_millis(2);
/// Time for a finished download's thread to take the lock and add its file.
const SETTLE: Duration = Duration::from_millis(20);
/// The watcher's readings of the progress: when (on the timeline's clock), how many files.
type Samples = Vec<(Duration, usize)>;

/// One call of `download_all`, as the test saw it.
struct Run {
    files: Vec<String>,
    /// The shared progress, read the moment the call returned.
    progress: Progress,
    timeline: Timeline,
    /// From just before the call to just after it returned, on the timeline's clock.
    window: Range<Duration>,
    /// The thread that called `download_all`.
    caller: Runner,
    /// How many downloads had ended when the call returned (a span is recorded at its end).
    ended_at_return: usize,
    /// The longest stretch for which the test saw the shared lock held during the call.
    longest_hold: Duration,
    /// What the progress said, and when (on the timeline's clock), each time the test's
    /// watcher found the lock free during the call.
    samples: Samples,
    /// The progress a moment after the call returned, if it was not complete at return.
    later: Option<Progress>,
    /// How many clones of the shared `Arc<Mutex<Progress>>` were still held, beyond the
    /// test's own, the moment the call returned: by threads it started and did not join.
    held_at_return: usize,
    /// The threads (other than the caller) that downloaded and had not ended when the call
    /// returned: never joined.
    not_joined: Vec<Runner>,
    /// How long each thread that downloaded took to end after its work (zero but in one test).
    linger: Duration,
}

/// Calls `download_all(files)` under the watchdog; every download takes `each` except the
/// files listed in `slower`. Afterwards, gives downloads the call left running time to end,
/// so that they show up on the timeline and can be blamed.
fn run(files: &[String], each: Duration, slower: &[(&str, Duration)]) -> Run {
    run_with(files, each, slower, Duration::ZERO)
}

/// [`run`], and every thread that downloads takes `linger` to end (the toolkit's
/// `ThreadExits`): joining waits for that, so a call that waits for its threads in some
/// other way returns while they are still ending. Only in the test that looks for that: the
/// linger gives threads the call did not join (a collector) time to finish, and so would
/// hide them from the other tests.
fn run_with(
    files: &[String],
    each: Duration,
    slower: &[(&str, Duration)],
    linger: Duration,
) -> Run {
    let timeline = Timeline::new();
    let mut downloader = Downloader::new(&timeline, each);
    let mut longest = each;
    for &(name, duration) in slower {
        downloader = downloader.with_duration(name, duration);
        longest = longest.max(duration);
    }
    let (downloader, exits) = if linger.is_zero() {
        (downloader, None)
    } else {
        let (downloader, exits) = downloader.watch_thread_exits(linger);
        (downloader, Some(exits))
    };
    let (t, given) = (timeline.clone(), files.to_vec());
    let (
        progress,
        window,
        caller,
        ended_at_return,
        longest_hold,
        samples,
        shared,
        not_joined,
        held_at_return,
    ) = watchdog(LIMIT, HANG, move || {
        let files: Vec<&str> = given.iter().map(String::as_str).collect();
        let shared = Arc::new(Mutex::new(Progress::default()));
        let watching = Arc::new(AtomicBool::new(true));
        let watcher = watch_the_lock(Arc::clone(&shared), Arc::clone(&watching), t.clone());
        let caller = Runner::current();
        let start = t.now();
        download_all(&downloader, &files, Arc::clone(&shared));
        let end = t.now();
        // The test holds two: `shared`, and its watcher's (still running here).
        let held_at_return = Arc::strong_count(&shared).saturating_sub(2);
        let mut not_joined = exits.map(|e| e.not_ended()).unwrap_or_default();
        not_joined.retain(|r| r.thread_id != caller.thread_id);
        watching.store(false, Ordering::Relaxed);
        let (longest_hold, samples) = watcher.join().unwrap_or_default();
        let ended = t.query().len();
        // A poisoned lock still holds the numbers; what matters is what they say.
        let progress = shared.lock().unwrap_or_else(|e| e.into_inner()).clone();
        (
            progress,
            start..end,
            caller,
            ended,
            longest_hold,
            samples,
            shared,
            not_joined,
            held_at_return,
        )
    });
    // An incomplete progress is read again a moment later: if it then adds up, the updates
    // were not lost but late, made by a thread the call did not wait for.
    let later = (progress.files != files.len()).then(|| {
        std::thread::sleep(Duration::from_millis(200));
        shared.lock().unwrap_or_else(|e| e.into_inner()).clone()
    });
    let deadline = window.end + longest * 3 + Duration::from_millis(500);
    while timeline.query().len() < files.len() && timeline.now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    Run {
        files: files.to_vec(),
        progress,
        timeline,
        window,
        caller,
        ended_at_return,
        longest_hold,
        samples,
        later,
        not_joined,
        held_at_return,
        linger,
    }
}

/// Watches `shared` from a thread of the test's until `watching` turns false, and returns
/// the longest stretch for which the lock was seen held (used only to choose which mistake
/// to name when the downloads took turns) and what the progress said each time the lock was
/// free. A watcher that a busy machine leaves waiting only takes fewer readings: no reading
/// can fail a correct solution (each is checked against the downloads ended by its time),
/// and finding the lock never free is blamed only over a stretch far longer than the adds.
fn watch_the_lock(
    shared: Arc<Mutex<Progress>>,
    watching: Arc<AtomicBool>,
    timeline: Timeline,
) -> std::thread::JoinHandle<(Duration, Samples)> {
    std::thread::spawn(move || {
        let (mut held_since, mut longest) = (None::<Instant>, Duration::ZERO);
        let mut samples = Vec::new();
        while watching.load(Ordering::Relaxed) {
            match shared.try_lock() {
                Err(TryLockError::WouldBlock) => {
                    let since = *held_since.get_or_insert_with(Instant::now);
                    longest = longest.max(since.elapsed());
                }
                Ok(progress) => {
                    held_since = None;
                    let files = progress.files;
                    drop(progress);
                    // Read after the value: every download counted had ended by then.
                    samples.push((timeline.now(), files));
                }
                Err(TryLockError::Poisoned(_)) => held_since = None,
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        (longest, samples)
    })
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|n| n.to_string()).collect()
}

impl Run {
    /// Every check, in the order that blames the real cause first.
    #[track_caller]
    fn expect_correct(&self, at_once: usize) {
        let q = self.timeline.query();
        self.expect_joined(&q);
        self.expect_one_download_per_file(&q);
        self.expect_progress_adds_up(&q);
        self.expect_progress_follows_the_downloads(&q);
        self.expect_a_thread_per_file(&q);
        self.expect_at_once(&q, at_once);
    }

    /// At least `n` downloads ran at one instant; if not, names the likelier cause: a lock
    /// the test saw held for most of a download, or threads joined as soon as spawned.
    #[track_caller]
    fn expect_at_once(&self, q: &Query, n: usize) {
        let at_once = q.max_concurrency();
        let lock_held = self.longest_hold >= DOWNLOAD / 2;
        let (problem, hint) = if at_once > 1 && q.threads() == q.len() {
            (
                format!(
                    "the downloads ran in batches: at most {at_once} of {} ran at once, each on \
                     a thread of its own",
                    q.len()
                ),
                "start every thread before you join any: a batch of threads joined before the \
                 next is spawned (files.chunks(..), a limit of your own) makes the later files \
                 wait for the earlier ones. One thread per file, all spawned in one loop, \
                 joined in a second",
            )
        } else if lock_held {
            (
                format!(
                    "the downloads took turns: at most {at_once} of {} ran at once, and the \
                     progress lock was held for {} at a stretch",
                    q.len(),
                    fmt_duration(self.longest_hold)
                ),
                LOCK_HELD_HINT,
            )
        } else {
            (
                format!(
                    "the downloads did not all run at once: at most {at_once} of {} overlapped",
                    q.len()
                ),
                "did you join each thread right after spawning it? Spawn them all first, then \
                 join them all in a second loop",
            )
        };
        q.expect(at_once >= n, &problem, hint);
    }

    /// The call returned only once every download had ended, and did them all itself.
    #[track_caller]
    fn expect_joined(&self, q: &Query) {
        let late = q.len().saturating_sub(self.ended_at_return);
        q.expect(
            late == 0,
            &format!(
                "your function returned before its threads finished — join them: {late} of {} \
                 downloads were still running when download_all returned (at {}), so their \
                 progress was missing",
                q.len(),
                fmt_duration(self.window.end)
            ),
            "keep every JoinHandle that thread::spawn returns and call join() on each one \
             before returning",
        );
        q.expect_within(
            &self.window,
            "every download must happen inside the call, on threads it joins before returning",
        );
        q.expect_threads_joined(
            &self.not_joined,
            "download_all",
            "progress",
            "keep every JoinHandle that thread::spawn returns and call join() on each one \
             before returning: a count of finished files, a channel or a sleep says the \
             downloads are done, not that the threads have ended",
        );
        // Joining returns once the last thread has added its file; a call that waits a
        // guessed time (a sleep) instead would pass the checks above without ever joining.
        // (No download at all is blamed by the checks that follow.)
        let last_end = q.spans().iter().map(|s| s.end).max();
        let idle = last_end.map_or(Duration::ZERO, |e| self.window.end.saturating_sub(e));
        let adds = REDRAW * 2 * self.files.len() as u32;
        q.expect(
            idle <= JOIN_SLACK + self.linger + adds,
            &format!(
                "download_all returned {} after the last download had ended: it did not join \
                 its threads, it waited for something else (a sleep?)",
                fmt_duration(idle)
            ),
            "keep every JoinHandle and call join() on each one: join() returns as soon as its \
             thread ends, not after a guessed time",
        );
    }

    /// Each file was downloaded exactly once, by the downloader the test handed over.
    #[track_caller]
    fn expect_one_download_per_file(&self, q: &Query) {
        let files: Vec<&str> = self.files.iter().map(String::as_str).collect();
        q.expect_each_once(
            &files,
            "downloaded",
            "download every file exactly once with downloader.download_blocking(name), using \
             the downloader you were given: progress made up with toolkit::io::content, or a \
             Downloader of your own, leaves no evidence here",
        );
    }

    /// The `Progress` the test handed over counts every file and every byte, exactly.
    #[track_caller]
    fn expect_progress_adds_up(&self, q: &Query) {
        let want = Progress {
            files: self.files.len(),
            bytes: self.files.iter().map(|n| content(n).len()).sum(),
        };
        let got = &self.progress;
        q.expect(
            !(got.files == 0 && want.files > 0),
            &format!(
                "the Progress you were given counts 0 of {} files, although {} downloads ran",
                want.files,
                q.len()
            ),
            "did each thread update a Progress of its own (a new Mutex, or a clone of the \
             value)? Clone the Arc — Arc::clone(&progress) — so that every thread locks the \
             one Mutex you were given",
        );
        q.expect(
            got.files <= want.files,
            &format!(
                "the progress counts {} files for {} downloads",
                got.files, want.files
            ),
            "add each file to the progress once, after its download",
        );
        if let Some(later) = self.later.as_ref().filter(|l| **l == want) {
            q.expect(
                false,
                &format!(
                    "download_all returned before the progress was complete: it counted {} of \
                     {} files when the call returned, and {} a moment later — something was \
                     still adding after your function returned",
                    got.files, want.files, later.files
                ),
                "each download thread adds its own file to the progress, and download_all \
                 joins every thread that updates it before returning: a thread you did not \
                 join (a collector fed by a channel, perhaps) is still adding when the caller \
                 reads the progress",
            );
        }
        // A thread the call did not join may have finished adding by the time the call
        // returned, or not: what it cannot hide is that it still held the progress then.
        q.expect(
            self.held_at_return == 0,
            &format!(
                "download_all returned before the progress was complete, or could have: when \
                 it returned, {} clone(s) of the Arc<Mutex<Progress>> were still held by \
                 threads it had started and not joined",
                self.held_at_return
            ),
            "each download thread adds its own file to the progress, and download_all \
             joins every thread that updates it before returning: a thread you did not \
             join (a collector fed by a channel, perhaps) may still be adding when the \
             caller reads the progress",
        );
        q.expect(
            got.files != want.files || got.bytes == want.bytes,
            &format!(
                "the progress counts every file, but {} bytes where the files' contents come to \
                 {}: each add was given something other than the contents that file's download \
                 returned",
                got.bytes, want.bytes
            ),
            "pass add the contents download_blocking returned — \
             progress.lock().unwrap().add(&contents) — not the file's name, and not contents \
             made up with toolkit::io::content",
        );
        q.expect(
            *got == want,
            &format!(
                "updates were lost: the progress counts {} files and {} bytes, expected {} \
                 files and {} bytes",
                got.files, got.bytes, want.files, want.bytes
            ),
            "did you read the progress under one lock and write it back under another, with \
             `add` in between? Another thread's update lands in the gap and is overwritten. \
             Do the whole read-modify-write under one guard: \
             progress.lock().unwrap().add(&contents). Or did you skip the update when the \
             lock was busy (try_lock)? Every thread must wait for the lock with lock()",
        );
    }

    /// The progress moves with the downloads: it never counts a file before that file's
    /// download has ended, and it counts the fast files while a slow one is still running.
    #[track_caller]
    fn expect_progress_follows_the_downloads(&self, q: &Query) {
        let ends: Vec<Duration> = q.spans().iter().map(|s| s.end).collect();
        let ended_by = |at: Duration| ends.iter().filter(|&&e| e <= at).count();
        if let Some(&(at, files)) = self.samples.iter().find(|&&(at, f)| f > ended_by(at)) {
            q.expect(
                false,
                &format!(
                    "the progress counted {files} file(s) at {}, when only {} download(s) had \
                     ended: it ran ahead of the downloads",
                    fmt_duration(at),
                    ended_by(at)
                ),
                "add each file to the progress after its download, with the contents \
                 download_blocking returned: do not fill in the totals from the names \
                 (toolkit::io::content) before or instead of downloading",
            );
        }
        // The slowest download ends well after the first: by then, the first one's thread
        // has added it. The watcher's readings between the two (past a moment for the
        // update) must show some progress.
        let (Some(&first), Some(&last)) = (ends.iter().min(), ends.iter().max()) else {
            return;
        };
        let most = self
            .samples
            .iter()
            .filter(|&&(at, _)| at > first + SETTLE && at < last)
            .map(|&(_, f)| f)
            .max();
        // Between them, the lock is free but for one short `add` per file: a watcher that
        // never once found it free over a stretch far longer than all the adds together
        // met a lock held across the downloads, which hides what the progress said.
        let adds = SETTLE * 2 + REDRAW * 10 * self.files.len() as u32;
        q.expect(
            most.is_some() || last <= first + adds,
            &format!(
                "the lock was held from {} to {}, while downloads ended: the progress could not \
                 be read once between the first download's end and the last's",
                fmt_duration(first + SETTLE),
                fmt_duration(last)
            ),
            "lock the Mutex only for one update, after that file's download has ended: a \
             guard kept for the whole call (to fill in the totals up front, perhaps) is not \
             a progress report",
        );
        if let Some(most) = most.filter(|_| last > first + SETTLE * 2) {
            q.expect(
                most > 0,
                &format!(
                    "the progress stayed at 0 files until the last download ended (at {}), \
                     although the first had ended at {}: the files were added only at the end",
                    fmt_duration(last),
                    fmt_duration(first)
                ),
                "each thread adds its own file to the progress as soon as its download ends, \
                 not the caller after joining every thread: that is what makes it a progress \
                 report",
            );
        }
    }

    /// One thread per file, none of them the caller's.
    #[track_caller]
    fn expect_a_thread_per_file(&self, q: &Query) {
        let on_caller = q
            .spans()
            .iter()
            .filter(|s| {
                s.runner.pid == self.caller.pid && s.runner.thread_id == self.caller.thread_id
            })
            .count();
        q.expect(
            on_caller == 0,
            &format!(
                "{on_caller} of {} downloads ran on the thread that called download_all",
                q.len()
            ),
            "start one thread per file with std::thread::spawn; the calling thread only \
             spawns and joins",
        );
        let threads = q.threads();
        q.expect(
            threads == self.files.len(),
            &format!(
                "the {} downloads ran on {threads} OS thread(s), expected one thread per file",
                q.len()
            ),
            "start one thread per file with std::thread::spawn, each downloading one file",
        );
    }
}

/// What a thread holding the lock while it downloads looks like: the downloads take turns.
const LOCK_HELD_HINT: &str = "is the lock held while downloading? A thread that holds it makes \
     every other thread wait for it. Lock the Mutex only for \
     the update, after download_blocking has returned. Beware: in \
     `progress.lock().unwrap().add(&downloader.download_blocking(&name))` the lock is taken \
     first, and held for the whole download";

#[test]
fn progress_counts_every_file_and_byte() {
    let run = run(&names(&["A", "B", "C"]), DOWNLOAD, &[("B", DOWNLOAD * 2)]);
    run.expect_correct(3);
}

#[test]
fn every_thread_is_joined_not_only_waited_for() {
    // Each thread that downloads takes LINGER to end after its last update: a call that
    // waits until the progress is complete, or counts finished files, returns before that;
    // joining the threads does not.
    let run = run_with(
        &names(&["A", "B", "C", "D"]),
        DOWNLOAD,
        &[("C", DOWNLOAD * 2)],
        LINGER,
    );
    run.expect_correct(4);
}

#[test]
fn the_lock_is_not_held_while_downloading() {
    let run = run(
        &names(&["A", "B", "C"]),
        DOWNLOAD,
        &[("C", DOWNLOAD * 3 / 2)],
    );
    run.expect_correct(3);
}

#[test]
fn no_update_is_lost_when_many_threads_finish_together() {
    // 48 downloads that all end within a few milliseconds of each other: their updates
    // collide, and `add` takes a moment, so an update split across two locks loses some.
    // All 48 run at once, too: a limit of your own on how many threads run at a time (32,
    // say) is caught. The downloads are long enough for 48 threads to start on a busy
    // machine, and short enough for one after another to end within the watchdog's limit.
    let files: Vec<String> = (0..48).map(|i| format!("file-{i:02}")).collect();
    let run = run(&files, DOWNLOAD * 3 / 2, &[]);
    run.expect_correct(files.len());
}

#[test]
fn a_slow_download_is_waited_for_and_no_longer() {
    // One file takes ten times the others: the call lasts as long as it, and not longer.
    // It comes first, so a caller that adds each file as it joins its thread, in order,
    // shows no progress until the slow one ends.
    let run = run(&names(&["B", "A", "C"]), DOWNLOAD, &[("B", DOWNLOAD * 10)]);
    run.expect_correct(3);
}

#[test]
fn progress_add_is_left_as_given() {
    // The tests rely on `add` taking a moment, like a real redraw: keep it as it was given.
    toolkit::watchdog::keep_the_timeline_in_view();
    let mut progress = Progress::default();
    let started = Instant::now();
    progress.add("contents of A");
    let took = started.elapsed();
    let q = Timeline::new().query();
    q.expect(
        progress
            == Progress {
                files: 1,
                bytes: content("A").len(),
            }
            && took >= REDRAW,
        &format!(
            "Progress::add changed: one add gave {progress:?} and took {}",
            fmt_duration(took)
        ),
        "leave Progress and Progress::add as they were given; write only download_all",
    );
}
