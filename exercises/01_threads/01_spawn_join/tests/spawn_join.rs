//! Checks `spawn_join::download_all`: the right contents in input order, and — from the
//! timeline — that every file was downloaded exactly once, inside the call, on a thread of
//! its own, all at the same time, and that every thread was joined before the call returned.
//!
//! Only the downloader's own spans count as evidence: code that makes up a file's contents
//! (`toolkit::io::content`), downloads with a `Downloader` of its own, or sleeps instead of
//! downloading leaves no span on the test's timeline. Files take different times, so results
//! gathered in the order the downloads finished differ from the input order.

use spawn_join::download_all;
use std::ops::Range;
use std::time::Duration;
use toolkit::format::fmt_duration;
use toolkit::io::{Downloader, content};
use toolkit::timeline::query::Query;
use toolkit::watchdog::watchdog;
use toolkit::{Runner, Timeline};

/// The tutorial's 2 s download, scaled down so the tests stay fast.
const DOWNLOAD: Duration = Duration::from_millis(100);
/// How long after the last thread ended `download_all` may take to return (threads waking,
/// under load). Joining returns as soon as the last thread ends; a fixed wait does not, and
/// the tests' longest downloads differ tenfold, so no guessed wait fits them all.
const JOIN_SLACK: Duration = Duration::from_millis(300);
/// How long each thread that downloads takes to end after its closure returns (the toolkit's
/// `ThreadExits`), in one test: joining waits for that, so a call that waits for its threads'
/// results in some other way (a channel, a counter) returns while they are still ending, and
/// shows. Longer than [`JOIN_SLACK`]: a call that waits for the results and then sleeps long
/// enough for the threads to have ended returns too late in every other test.
const LINGER: Duration = Duration::from_millis(400);
/// Longest a test may run before the watchdog stops it.
const LIMIT: Duration = Duration::from_secs(10);
const HANG: &str = "join() waits until its thread ends: is a thread stuck, or waiting for \
                    something that never comes?";

/// One call of `download_all`, as the test saw it.
struct Run {
    files: Vec<String>,
    results: Vec<String>,
    timeline: Timeline,
    /// From just before the call to just after it returned, on the timeline's clock.
    window: Range<Duration>,
    /// The thread that called `download_all`.
    caller: Runner,
    /// How many downloads had ended when the call returned (a span is recorded at its end).
    ended_at_return: usize,
    /// The threads (other than the caller) that downloaded and had not ended when the call
    /// returned: never joined.
    not_joined: Vec<Runner>,
    /// How long each thread that downloaded took to end after its work (zero but in one test).
    linger: Duration,
}

/// Calls `download_all(files)` under the watchdog; every download takes [`DOWNLOAD`] except
/// the files listed in `slower`. Afterwards, gives downloads the call left running time to
/// end, so that they show up on the timeline and can be blamed.
fn run(files: &[&str], slower: &[(&str, Duration)]) -> Run {
    run_with(files, slower, Duration::ZERO)
}

/// [`run`], and every thread that downloads takes `linger` to end (the toolkit's
/// `ThreadExits`): joining waits for that, so a call that waits for its threads' results in
/// some other way returns while they are still ending. Only in the test that looks for that,
/// so the other tests see a call exactly as the learner wrote it.
fn run_with(files: &[&str], slower: &[(&str, Duration)], linger: Duration) -> Run {
    let timeline = Timeline::new();
    let mut downloader = Downloader::new(&timeline, DOWNLOAD);
    let mut longest = DOWNLOAD;
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
    let names: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    let (t, given) = (timeline.clone(), names.clone());
    let (results, window, caller, ended_at_return, not_joined) = watchdog(LIMIT, HANG, move || {
        let files: Vec<&str> = given.iter().map(String::as_str).collect();
        let caller = Runner::current();
        let start = t.now();
        let results = download_all(&downloader, &files);
        let end = t.now();
        let mut not_joined = exits.map(|e| e.not_ended()).unwrap_or_default();
        not_joined.retain(|r| r.thread_id != caller.thread_id);
        (results, start..end, caller, t.query().len(), not_joined)
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
        timeline,
        window,
        caller,
        ended_at_return,
        not_joined,
        linger,
    }
}

impl Run {
    /// Every check, in the order that blames the real cause first.
    #[track_caller]
    fn expect_correct(&self) {
        let q = self.timeline.query();
        self.expect_joined(&q);
        self.expect_one_download_per_file(&q);
        self.expect_results_in_input_order(&q);
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
                 downloads were still running when download_all returned (at {})",
                q.len(),
                fmt_duration(self.window.end)
            ),
            "keep every JoinHandle that thread::spawn returns and call join() on each one \
             before returning; join() is also how you get each thread's result back",
        );
        q.expect_within(
            &self.window,
            "every download must happen inside the call, on threads it joins before returning",
        );
        q.expect_threads_joined(
            &self.not_joined,
            "download_all",
            "results",
            "keep every JoinHandle that thread::spawn returns and call join() on each one \
             before returning: a channel, a counter or a sleep says the downloads are done, \
             not that the threads have ended",
        );
        // Joining returns as soon as the last download ends; a call that waits a guessed
        // time (a sleep) instead would pass the checks above without ever joining.
        // (No download at all is blamed by the checks that follow.)
        let last_end = q.spans().iter().map(|s| s.end).max();
        let idle = last_end.map_or(Duration::ZERO, |e| self.window.end.saturating_sub(e));
        q.expect(
            idle <= JOIN_SLACK + self.linger,
            &format!(
                "download_all returned {} after the last download had ended: it did not join \
                 its threads, it waited for something else (a sleep?)",
                fmt_duration(idle)
            ),
            "keep every JoinHandle and call join() on each one: join() returns as soon as its \
             thread ends, not after a guessed time, and hands back that thread's contents",
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

    /// The results are the files' contents, in the order of `files`.
    #[track_caller]
    fn expect_results_in_input_order(&self, q: &Query) {
        let want: Vec<String> = self.files.iter().map(|f| content(f)).collect();
        let (mut got_sorted, mut want_sorted) = (self.results.clone(), want.clone());
        got_sorted.sort();
        want_sorted.sort();
        let problem = if got_sorted == want_sorted {
            format!(
                "the results are in the wrong order: {:?}, expected {want:?}; the downloads \
                 finished in the order {:?}",
                self.results,
                q.end_order()
            )
        } else {
            format!(
                "download_all returned {:?}, expected {want:?}",
                self.results
            )
        };
        q.expect(
            self.results == want,
            &problem,
            "return one result per file, in the order of `files` — not in the order the \
             downloads finished: join the handles in the order you spawned them and collect \
             what each join() returns",
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
        q.expect_all_overlap(
            "did you join each thread right after spawning it? Spawn them all first, then \
             join them all in a second loop",
        );
    }
}

#[test]
fn results_follow_the_input_order_not_the_finishing_order() {
    // C is the slowest and A the fastest: the downloads finish A, B, C, but the results
    // must come back C, A, B.
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
fn ten_files_of_different_sizes_all_run_at_once() {
    const FILES: [&str; 10] = ["F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9"];
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
fn every_call_downloads_its_files_again() {
    // Two calls with the same files, one after the other: each must download every file,
    // so contents kept from the first call (in a static) are caught in the second.
    for _ in 0..2 {
        run(&["A", "B", "C"], &[("A", DOWNLOAD * 2)]).expect_correct();
    }
}

#[test]
fn every_thread_is_joined_not_only_waited_for() {
    // Each thread that downloads takes LINGER to end after its closure returns: a call that
    // collects the results from a channel, or counts finished downloads, returns before
    // that; joining the threads does not.
    run_with(&["A", "B", "C", "D"], &[("B", DOWNLOAD * 2)], LINGER).expect_correct();
}

#[test]
fn a_file_asked_for_twice_is_downloaded_twice() {
    // `files` may name a file more than once: each entry is its own download, on its own
    // thread. Code that downloads each distinct name once and copies its contents for the
    // repeats does less than it was asked.
    let run = run(&["A", "B", "A"], &[("B", DOWNLOAD * 2)]);
    let q = run.timeline.query();
    q.expect(
        q.len() == run.files.len(),
        &format!(
            "download_all({:?}) downloaded {} time(s) for {} entries: a file named twice must \
             be downloaded twice, not once with its contents copied",
            run.files,
            q.len(),
            run.files.len()
        ),
        "start one thread per entry of `files`, even when two entries name the same file: \
         each entry is its own download and its own result",
    );
    run.expect_correct();
}

#[test]
fn a_slow_file_is_waited_for_and_no_longer() {
    // One file takes ten times the others: the call lasts as long as it, and not longer.
    run(&["A", "B", "C"], &[("B", DOWNLOAD * 10)]).expect_correct();
}

#[test]
fn two_calls_at_the_same_time_keep_their_own_results() {
    // Two threads call download_all at once, with different files: each call's results are
    // its own. Results kept in a static, shared by every call, get mixed up: the call that
    // collects first takes the other's finished downloads too.
    let (a, b) = toolkit::together::at_the_same_time(
        || run(&["A", "B"], &[("B", DOWNLOAD * 3)]),
        || run(&["C", "D"], &[("D", DOWNLOAD * 5)]),
    );
    let runs = [a, b];
    for (run, other) in [(&runs[0], &runs[1]), (&runs[1], &runs[0])] {
        let want: Vec<String> = run.files.iter().map(|f| content(f)).collect();
        let q = run.timeline.query();
        q.expect(
            run.results == want,
            &format!(
                "two calls of download_all ran at the same time, one with {:?}, the other with \
                 {:?}: the one with {:?} returned {:?}, expected {want:?}",
                run.files, other.files, run.files, run.results
            ),
            "each call must keep its results to itself: do not collect them in a static (or \
             anything else shared by every call), which a call running at the same time fills \
             and empties too. Let each thread return its contents, and join() hand them back",
        );
    }
    for run in &runs {
        run.expect_correct();
    }
}

#[test]
fn no_files_no_threads() {
    let run = run(&[], &[]);
    let q = run.timeline.query();
    q.expect(
        run.results.is_empty(),
        &format!(
            "download_all(&[]) returned {:?}, expected nothing",
            run.results
        ),
        "with no files there is nothing to download and nothing to return",
    );
    q.expect(
        q.is_empty(),
        &format!("download_all(&[]) still downloaded {} file(s)", q.len()),
        "download only the files you are given",
    );
}
