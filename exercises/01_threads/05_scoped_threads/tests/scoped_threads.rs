//! Checks `scoped_threads::download_into`: every slot holds its own file's contents when the
//! function returns, and — from the timeline — each file was downloaded exactly once, inside
//! the call, on a scoped thread of its own, all at the same time.
//!
//! Only the downloader's own spans count as evidence: slots filled with made-up contents
//! (`toolkit::io::content`), or from a `Downloader` of your own, leave no span here; and its
//! contents are sealed, so made-up contents are caught even beside real downloads. Files
//! take different times, so slots filled in the order the downloads finished are wrong.

use scoped_threads::download_into;
use std::ops::Range;
use std::time::Duration;
use toolkit::format::fmt_duration;
use toolkit::io::{AnswerKey, Downloader};
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Runner, Timeline};

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// What each slot holds before the call: left over from an earlier use of the buffer.
const STALE: &str = "(stale)";
/// How long after the last download ended `download_into` may take to return (threads
/// waking, under load). The scope returns as soon as its last thread ends; a fixed wait does
/// not, and the tests' longest downloads differ tenfold, so no guessed wait fits them all.
const JOIN_SLACK: Duration = Duration::from_millis(300);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "thread::scope returns only when every thread spawned in it has ended: \
                    is one of them stuck, or waiting for something that never comes?";

/// One call of `download_into`, as the test saw it.
struct Run {
    files: Vec<String>,
    results: Vec<String>,
    /// What each file of the sealed downloader contains.
    key: AnswerKey,
    timeline: Timeline,
    /// From just before the call to just after it returned, on the timeline's clock.
    window: Range<Duration>,
    /// The thread that called `download_into`.
    caller: Runner,
    /// How many downloads had ended when the call returned (a span is recorded at its end).
    ended_at_return: usize,
}

/// Calls `download_into(files, slots)`, with slots holding [`STALE`] text, under the
/// watchdog; every download takes [`DOWNLOAD`] except the files listed in `slower`, and
/// the contents are sealed (only a download by this downloader produces them). Afterwards,
/// gives downloads the call left running time to end, so that they show up on the timeline
/// and can be blamed.
fn run(files: &[&str], slower: &[(&str, Duration)]) -> Run {
    let timeline = Timeline::new();
    let mut downloader = Downloader::new(&timeline, DOWNLOAD);
    let mut longest = DOWNLOAD;
    for &(name, duration) in slower {
        downloader = downloader.with_duration(name, duration);
        longest = longest.max(duration);
    }
    let (downloader, key) = downloader.sealed();
    let names: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    let (t, given) = (timeline.clone(), names.clone());
    let (results, window, caller, ended_at_return) = watchdog(LIMIT, HANG, move || {
        let files: Vec<&str> = given.iter().map(String::as_str).collect();
        let caller = Runner::current();
        let start = t.now();
        // The slots are not empty: a file's contents must replace what the slot held.
        let mut results = vec![STALE.to_string(); files.len()];
        download_into(&downloader, &files, &mut results);
        let end = t.now();
        (results, start..end, caller, t.query().len())
    });
    // Downloads left running end within the longest download (plenty of slack for a busy
    // machine); a correct run already has them all and does not wait at all.
    let deadline = window.end + longest * 3 + Duration::from_millis(500);
    while timeline.query().len() < files.len() && timeline.now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    Run {
        files: names,
        results,
        key,
        timeline,
        window,
        caller,
        ended_at_return,
    }
}

impl Run {
    /// Every check, in the order that blames the real cause first.
    #[track_caller]
    fn expect_correct(&self) {
        let q = self.timeline.query();
        self.expect_joined(&q);
        self.expect_one_download_per_file(&q);
        self.expect_each_slot_its_own_file(&q);
        self.expect_a_thread_per_file_all_at_once(&q);
    }

    /// The call returned only once every download had ended, and did them all itself.
    #[track_caller]
    fn expect_joined(&self, q: &Query) {
        let late = q.len().saturating_sub(self.ended_at_return);
        q.expect(
            late == 0,
            &format!(
                "your function returned before its threads finished — join them: {late} of {} \
                 downloads were still running when download_into returned (at {})",
                q.len(),
                fmt_duration(self.window.end)
            ),
            "spawn the threads inside std::thread::scope with s.spawn: the scope joins every \
             one of them before it returns",
        );
        q.expect_within(
            &self.window,
            "every download must happen inside the call, on scoped threads",
        );
        // The scope returns as soon as the last download ends; a call that waits a guessed
        // time (a sleep) instead would pass the checks above without ever joining.
        // (No download at all is blamed by the checks that follow.)
        let last_end = q.spans().iter().map(|s| s.end).max();
        let idle = last_end.map_or(Duration::ZERO, |e| self.window.end.saturating_sub(e));
        q.expect(
            idle <= JOIN_SLACK,
            &format!(
                "download_into returned {} after the last download had ended: it did not join \
                 its threads, it waited for something else (a sleep?)",
                fmt_duration(idle)
            ),
            "spawn the threads inside std::thread::scope with s.spawn: the scope joins every \
             one of them, and returns as soon as the last has ended — not after a guessed time",
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
             the downloader you were given: contents made up with toolkit::io::content, or a \
             Downloader of your own, leave no evidence here; and download them again on every \
             call: contents kept from an earlier call (a static cache) leave none either",
        );
    }

    /// Slot `i` holds the contents of `files[i]`, for every `i`.
    #[track_caller]
    fn expect_each_slot_its_own_file(&self, q: &Query) {
        let want: Vec<String> = self.files.iter().map(|f| self.key.content(f)).collect();
        let (mut got_sorted, mut want_sorted) = (self.results.clone(), want.clone());
        got_sorted.sort();
        want_sorted.sort();
        // Contents that no download returned, nor hold one (appended to the stale text), were
        // made up: they are named as such.
        let made_up = self
            .results
            .iter()
            .filter(|r| *r != STALE && !want.iter().any(|w| r.contains(w.as_str())))
            .count();
        let problem = if made_up > 0 && self.results.len() == want.len() {
            format!(
                "{made_up} slot(s) hold contents that no download returned: {:?}, expected \
                 {want:?} (the downloader's contents are its own: contents made up from the \
                 name with toolkit::io::content are not them)",
                self.results
            )
        } else if got_sorted == want_sorted {
            format!(
                "the slots hold the right contents in the wrong places: {:?}, expected \
                 {want:?}; the downloads finished in the order {:?}",
                self.results,
                q.end_order()
            )
        } else {
            format!(
                "after download_into the slots hold {:?}, expected {want:?}",
                self.results
            )
        };
        q.expect(
            self.results == want,
            &problem,
            "results[i] must hold the contents of files[i], and only them: pair each file with \
             its own slot (files.iter().zip(results.iter_mut())) and let its thread write \
             there — `*slot = contents`, which replaces what the slot held (push_str appends \
             to it) — rather than filling the slots in the order the downloads finished",
        );
    }

    /// One thread per file, none of them the caller's, all downloading at the same instant.
    #[track_caller]
    fn expect_a_thread_per_file_all_at_once(&self, q: &Query) {
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
                "{on_caller} of {} downloads ran on the thread that called download_into",
                q.len()
            ),
            "start one scoped thread per file with s.spawn inside std::thread::scope; the \
             calling thread only spawns",
        );
        let threads = q.threads();
        q.expect(
            threads == self.files.len(),
            &format!(
                "the {} downloads ran on {threads} OS thread(s), expected one thread per file",
                q.len()
            ),
            "start one scoped thread per file with s.spawn, each downloading one file",
        );
        let at_once = q.max_concurrency();
        q.expect(
            at_once <= 1 || q.all_overlap(),
            &format!(
                "the downloads ran in batches: at most {at_once} of {} ran at once, each on a \
                 thread of its own",
                q.len()
            ),
            "one scope around the whole loop, a thread for every file: a scope per group of \
             files (files.chunks(..), a limit of your own) waits for the whole group before \
             the next one starts",
        );
        q.expect_all_overlap(
            "did you join each thread right after spawning it? Inside thread::scope you need no \
             join at all: the scope joins every thread when it ends. Or did you open a \
             thread::scope per file? A scope ends only once its threads have, so a scope \
             inside the loop waits for each download: one scope around the whole loop. Or does \
             each thread hold a lock while it downloads (a Mutex around `results`)? Then they \
             take turns: give each thread its own slot, files.iter().zip(results.iter_mut()), \
             and no lock is needed",
        );
    }
}

#[test]
fn each_slot_gets_its_own_file() {
    // C is the slowest and A the fastest: the downloads finish A, B, C, but the slots must
    // hold C, A, B.
    let run = run(
        &["C", "A", "B"],
        &[("C", DOWNLOAD * 3), ("B", DOWNLOAD * 2)],
    );
    run.expect_correct();
}

#[test]
fn the_three_downloads_run_at_once_each_on_its_own_thread() {
    run(&["A", "B", "C"], &[]).expect_correct();
}

#[test]
fn twelve_files_of_different_sizes_all_run_at_once() {
    const FILES: [&str; 12] = [
        "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11",
    ];
    // The first files are the slowest, so every finishing order but the input one is wrong.
    let slower: Vec<(&str, Duration)> = FILES
        .iter()
        .enumerate()
        .take(4)
        .map(|(i, &f)| (f, DOWNLOAD * (5 - i as u32)))
        .collect();
    run(&FILES, &slower).expect_correct();
}

#[test]
fn thirty_two_files_all_run_at_once() {
    // A limit of your own on how many threads run at a time (16, say) is caught. The
    // downloads are long enough for 32 threads to start on a busy machine, and short enough
    // for one after another to end within the watchdog's limit.
    let files: Vec<String> = (0..32).map(|i| format!("file-{i:02}")).collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let mut slower: Vec<(&str, Duration)> = files.iter().map(|&f| (f, DOWNLOAD * 2)).collect();
    slower[0].1 = DOWNLOAD * 3;
    run(&files, &slower).expect_correct();
}

#[test]
fn a_slow_file_is_waited_for_and_no_longer() {
    // One file takes ten times the others: the call lasts as long as it, and not longer.
    run(&["A", "B", "C"], &[("B", DOWNLOAD * 10)]).expect_correct();
}

#[test]
fn every_call_downloads_its_files_again() {
    // Two calls with the same files, one after the other: each must download every file,
    // so contents kept from the first call (in a static) are caught in the second.
    for _ in 0..2 {
        run(&["A", "B", "C"], &[("B", DOWNLOAD * 2)]).expect_correct();
    }
}

#[test]
fn no_files_nothing_to_do() {
    let run = run(&[], &[]);
    let q = run.timeline.query();
    q.expect(
        run.results.is_empty(),
        &format!(
            "download_into with no files left {:?}, expected no slots",
            run.results
        ),
        "with no files there is nothing to download and nothing to return",
    );
    q.expect(
        q.is_empty(),
        &format!(
            "download_into with no files still downloaded {} file(s)",
            q.len()
        ),
        "download only the files you are given",
    );
}
